print("tool imported, __name__ =", __name__)


def run():
    return "tool.run()"


if __name__ == "__main__":
    print("tool run as a script (not when imported)")
