"""A pretend training run: reads --name=value / --name value / --flag arguments by hand
(python3-minimal has no argparse guarantee), prints a loss per epoch, exits 2 on bad input."""
import os
import sys


def parse(argv):
    args = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("--"):
            print("unexpected argument %r" % arg, file=sys.stderr)
            sys.exit(2)
        key, eq, value = arg[2:].partition("=")
        if not eq:
            if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                value = argv[i + 1]
                i += 1
            else:
                value = "true"
        args[key] = value
        i += 1
    return args


def main():
    args = parse(sys.argv[1:])
    try:
        epochs = int(args.get("epochs", "3"))
        rate = float(args.get("learning_rate", "0.01"))
    except ValueError as exc:
        print("bad parameter: %s" % exc, file=sys.stderr)
        return 2
    seed = os.environ.get("TRAIN_SEED", "0")
    name = args.get("run_name", "run")
    loss = 1.0
    for epoch in range(1, epochs + 1):
        loss = loss * (1 - rate * 10)
        if args.get("verbose") or epoch == epochs:
            print("%s epoch %d/%d loss=%.4f seed=%s" % (name, epoch, epochs, loss, seed))
    if "report" in args:
        print("report: %d epochs, final loss %.4f" % (epochs, loss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
