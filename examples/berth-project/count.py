"""Counts to argv[1] (default 3) and exits 0."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
for i in range(1, n + 1):
    print("count %d" % i)
