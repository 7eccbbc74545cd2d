# A helper module imported by main.conc.
print("helper: executing module body")

GREETING = "hello from helper"
counter = 0


def shout(text):
    return text.upper() + "!"


def bump():
    global counter
    counter += 1
    return counter


class Widget:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Widget({self.name!r})"
