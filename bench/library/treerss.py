#!/usr/bin/env python3
"""make bench-library: the peak of the summed resident memory of the
descendants of a process (PID is the timer; below it the library scan and
its worker processes), read from /proc every INTERVAL seconds until PID is
gone. Prints the peak in KB (0 without /proc). /usr/bin/time's %M is the
largest single process; this is what the machine must hold at once.

    treerss.py PID [INTERVAL]
"""
import os, sys, time

root = int(sys.argv[1])
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
page_kb = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_kb():
    """Summed RSS of the descendants of root, or None when root is gone."""
    parent, rss = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                # the command name may hold spaces: fields follow the last ')'
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/%s/statm" % d) as f:
                rss[int(d)] = int(f.read().split()[1]) * page_kb
            parent[int(d)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while being read
    if root not in rss:
        return None
    children = {}
    for p, pp in parent.items():
        children.setdefault(pp, []).append(p)
    total, todo = 0, list(children.get(root, []))
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


peak = 0
if os.path.isdir("/proc/self"):
    while True:
        kb = tree_kb()
        if kb is None:
            break
        peak = max(peak, kb)
        time.sleep(interval)
print(peak)
