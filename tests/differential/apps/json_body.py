"""JSON request bodies."""

import hug


@hug.post("/echo_body")
def echo_body(body):
    """Returns the parsed request body unchanged"""
    return body


@hug.post("/orders", status=hug.HTTP_201, response_headers={"X-Orders-Api": "1.0"})
def create_order(item: hug.types.text, quantity: hug.types.number = 1, gift: bool = False):
    """Places an order from the fields of a JSON object"""
    return {"item": item, "quantity": quantity, "gift": gift}


@hug.post("/precedence/{source}")
def precedence(source, label="default"):
    """Shows which request part won: URL < query < body"""
    return {"source": source, "label": label}


@hug.put("/items/{item_id}")
def update_item(item_id: hug.types.number, name: hug.types.text, tags: hug.types.multiple = []):
    """Replaces an item"""
    return {"id": item_id, "name": name, "tags": tags}
