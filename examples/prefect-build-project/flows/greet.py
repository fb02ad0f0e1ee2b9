def greet(name: str = "world"):
    """Prints the greeting the image was built with."""
    with open("/opt/greeting.txt") as f:
        greeting = f.read().strip()
    print("%s, %s! (from the built image)" % (greeting, name), flush=True)
