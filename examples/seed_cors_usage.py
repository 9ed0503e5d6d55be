import hug
from cors_middleware import cors_middleware

api = hug.API(__name__)
api.http.add_middleware(cors_middleware)
