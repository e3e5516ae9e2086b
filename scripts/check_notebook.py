"""Fails when an executed notebook shows an error.

GoNB reports a compile error as an error output, but a runtime panic or a log.Fatal only as text on the
kernel's stderr stream while nbconvert still exits 0, so every stderr stream counts as a failure too.
"""
import json
import sys


def problems(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    for index, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                yield index, f"{out.get('ename')}: {out.get('evalue')}"
            elif kind == "stream" and out.get("name") == "stderr":
                yield index, "".join(out.get("text", "")).strip()


def main():
    failed = False
    for path in sys.argv[1:]:
        for index, text in problems(path):
            failed = True
            print(f"FAIL {path}: cell {index} reported an error:\n{text}\n", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
