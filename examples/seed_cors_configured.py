import hug
from hug.middleware import CORSMiddleware

api = hug.API(__name__)

allowed_origins = ['http://example.com', 'http://localhost:3000']
allowed_headers = ['Authorization', 'Content-Type']
allowed_methods = ['GET', 'POST', 'PUT']

api.http.add_middleware(CORSMiddleware(api, allow_origins=allowed_origins,
                                       allow_headers=allowed_headers,
                                       allow_methods=allowed_methods))
