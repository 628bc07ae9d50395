#!/usr/bin/env python3
"""Validates the tours against docs/tour.schema.json: every scenes/*/tour.yaml and every complete example
(```yaml tour blocks) in docs/authoring.md must pass; a few deliberately broken tours must fail, so the schema
is known to check something. Usage: check_schema.py SOURCE_DIR"""
import copy
import json
import pathlib
import re
import sys

import jsonschema
import yaml


def guide_examples(source):
    text = (source / "docs/authoring.md").read_text(encoding="utf-8")
    return re.findall(r"^```yaml tour\n(.*?)^```$", text, flags=re.S | re.M)


def broken_variants(good):
    """Small edits of a good tour that the schema must refuse."""
    def edit(change):
        tour = copy.deepcopy(good)
        change(tour)
        return tour

    first = lambda t: t["scenes"][0]
    yield "unknown key", edit(lambda t: first(t).update(titel="x"))
    yield "pitch out of range", edit(lambda t: first(t).update(view={"pitch": 95}))
    yield "hfov out of range", edit(lambda t: first(t).update(view={"hfov": 5}))
    yield "missing panorama", edit(lambda t: first(t).pop("panorama"))
    yield "absolute path", edit(lambda t: first(t).update(panorama="/home/x.jpg"))
    yield "escaping path", edit(lambda t: first(t).update(panorama="../x.jpg"))
    yield "url", edit(lambda t: first(t).update(panorama="https://example.com/x.jpg"))
    yield "link without target", edit(lambda t: first(t).update(hotspots=[{"kind": "link", "at": {"yaw": 0, "pitch": 0}}]))
    yield "info with target", edit(lambda t: first(t).update(
        hotspots=[{"kind": "info", "at": {"yaw": 0, "pitch": 0}, "exhibit": "x", "target": "y"}]))
    yield "bad kind", edit(lambda t: first(t).update(hotspots=[{"kind": "door", "at": {"yaw": 0, "pitch": 0}}]))
    yield "cube of five", edit(lambda t: first(t).update(panorama={"cube": ["a.jpg"] * 5}))
    yield "bad language", edit(lambda t: t["tour"].update(languages=["Chinese"]))
    yield "no scenes", edit(lambda t: t.update(scenes=[]))
    exhibit = lambda t, **kw: t.setdefault("exhibits", []).append({"id": "z", "title": "Z", **kw})
    yield "model not a model", edit(lambda t: exhibit(t, model="models/duck.blend"))
    yield "model too near", edit(lambda t: exhibit(t, model={"file": "duck.glb", "distance": 0.1}))
    yield "model view without file", edit(lambda t: exhibit(t, model={"size": 30}))
    yield "model rotate with spin", edit(lambda t: exhibit(t, model={"file": "d.glb", "rotate": {"spin": 3}}))
    yield "image without file", edit(lambda t: exhibit(t, images=[{"caption": "x"}]))
    yield "image with unknown key", edit(lambda t: exhibit(t, images=[{"file": "a.jpg", "captoin": "x"}]))


def main():
    source = pathlib.Path(sys.argv[1])
    schema = json.loads((source / "docs/tour.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = 0

    def check(name, data, should_pass):
        nonlocal failures
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if should_pass and errors:
            failures += 1
            for e in errors:
                print(f"FAIL {name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        elif not should_pass and not errors:
            failures += 1
            print(f"FAIL {name}: the schema accepted it")
        else:
            print(f"ok   {name}")

    tours = sorted((source / "scenes").glob("*/tour.yaml"))
    if not tours:
        failures += 1
        print("FAIL no tours in scenes/")
    for path in tours:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("# yaml-language-server: $schema=../../docs/tour.schema.json"):
            failures += 1
            print(f"FAIL {path}: does not start with the yaml-language-server schema line")
        check(str(path.relative_to(source)), yaml.safe_load(text), True)

    examples = guide_examples(source)
    if len(examples) < 2:
        failures += 1
        print("FAIL docs/authoring.md has fewer than two ```yaml tour examples")
    for i, example in enumerate(examples, 1):
        check(f"docs/authoring.md example {i}", yaml.safe_load(example), True)

    good = yaml.safe_load(tours[0].read_text(encoding="utf-8")) if tours else {}
    for name, tour in broken_variants(good):
        check(f"broken: {name}", tour, False)

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
