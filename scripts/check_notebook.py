"""Fails when an executed notebook shows an error or lost a cell's output.

GoNB reports a compile error as an error output, but a runtime panic or a log.Fatal only as text on the
kernel's stderr stream while nbconvert still exits 0, so every stderr stream counts as a failure too. A code
cell that displays or prints something but came back with no output at all also fails, so a display lost
between the cell's program and Jupyter cannot pass unnoticed.
"""
import json
import re
import sys

# Calls that produce output when the %% part of a cell runs to the end.
OUTPUT_CALL = re.compile(r"\b(nb\.(Table|Figure|Pre|Markdown)|fmt\.Print(ln|f)?|gonbui\.Display\w*)\(")


def problems(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    for index, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        runs = re.search(r"^%%", source, re.MULTILINE)
        if runs and not cell.get("outputs") and OUTPUT_CALL.search(source[runs.start():]):
            yield index, "the cell displays or prints output but has none (the display was lost or the cell did not run)"
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
