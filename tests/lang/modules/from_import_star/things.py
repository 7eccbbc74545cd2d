__all__ = ["public_a", "make"]

public_a = "A"
public_b = "B (not in __all__)"
_private = "hidden"


def make():
    return "made"
