print("counter_mod body runs once")
loads = []


def record(x):
    loads.append(x)
    return len(loads)
