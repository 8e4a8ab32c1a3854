"""Compare two `redraft eval --json` results of the same set and limit: the damage gate.

usage: compare_eval.py OLD.json NEW.json

Prints the main numbers side by side and exits 1 if NEW does more damage than OLD: more repair
cases made worse (repair_damaged) or fewer clean cases left untouched (clean_untouched). The
other numbers (fixed, errors removed, infill) are reported, not gated.
"""
import json
import sys

SHOWN = ("repair_fixed", "repair_damaged", "errors_removed", "clean_untouched", "infill_exact", "gleu", "errors")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old, new = (json.load(open(p)) for p in sys.argv[1:3])
    for k in ("set", "limit", "strength", "seed"):
        if old.get(k) != new.get(k):
            sys.exit(f"compare_eval.py: the runs differ in {k}: {old.get(k)!r} vs {new.get(k)!r}")
    print(f"{'':18s} {'old':>8s} {'new':>8s}   ({old.get('set')}, limit {old.get('limit', 'all')})")
    for k in SHOWN:
        if k in old or k in new:
            print(f"{k:18s} {old.get(k, float('nan')):8.4g} {new.get(k, float('nan')):8.4g}")
    worse = []
    if new.get("repair_damaged", 0) > old.get("repair_damaged", 0) + 1e-12:
        worse.append("repair_damaged rose")
    if new.get("clean_untouched", 1) < old.get("clean_untouched", 1) - 1e-12:
        worse.append("clean_untouched fell")
    if new.get("errors", 0) > old.get("errors", 0):
        worse.append("more cases failed")
    if worse:
        print("MORE DAMAGE: " + ", ".join(worse))
        sys.exit(1)
    print("no more damage")


if __name__ == "__main__":
    main()
