PI = 3.14159


def area(r):
    return PI * r * r


class Circle:
    def __init__(self, r):
        self.r = r

    def area(self):
        return area(self.r)
