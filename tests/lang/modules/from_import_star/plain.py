visible = 1
_hidden = 2


def helper_fn():
    return "helper_fn"
