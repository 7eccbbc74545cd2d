print("pkg.sub runs")


def where():
    return __name__
