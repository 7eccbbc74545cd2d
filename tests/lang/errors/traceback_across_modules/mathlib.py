def mean(values):
    return sum(values) / len(values)


def report(values):
    return "mean = " + str(mean(values))
