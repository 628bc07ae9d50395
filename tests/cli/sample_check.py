"""The sample tours against their rooms (tests/cli/sample.sh): every hotspot of scenes/changbai and scenes/pingwang
sits where vrex_roomgen --hotspots says its marker is (within 0.15 degrees), and every link has one back.
Usage: sample_check.py VREX_ROOMGEN SOURCE_DIR OUT_DIR (where vrex_roomgen may write)"""
import subprocess
import sys
from pathlib import Path

import yaml

roomgen, src, out_dir = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
failures = []
for tour_dir in (src / "scenes/changbai", src / "scenes/pingwang"):
    tour = yaml.safe_load((tour_dir / "tour.yaml").read_text(encoding="utf-8"))
    links = set()
    for scene in tour["scenes"]:
        room = tour_dir / "rooms" / (Path(scene["panorama"]).stem + ".yaml")
        out = subprocess.run([roomgen, str(room), out_dir, "--hotspots"], check=True,
                             capture_output=True, text=True).stdout
        markers = {}
        for line in out.splitlines():
            name, yaw, pitch = line.split()
            markers[name] = (float(yaw[4:]), float(pitch[6:]))
        for h in scene.get("hotspots", []):
            where = f"{tour_dir.name}/{scene['id']}/{h['id']}"
            if h["id"] not in markers:
                failures.append(f"{where}: no marker hotspot:{h['id']} in {room.name}")
                continue
            yaw, pitch = markers[h["id"]]
            dyaw = (h["at"]["yaw"] - yaw + 180) % 360 - 180
            if abs(dyaw) > 0.15 or abs(h["at"]["pitch"] - pitch) > 0.15:
                failures.append(f"{where}: at {h['at']} but the marker is at yaw={yaw} pitch={pitch}")
            if h["kind"] == "link":
                links.add((scene["id"], h["target"]))
    for a, b in sorted(links):
        if (b, a) not in links:
            failures.append(f"{tour_dir.name}: a link {a} -> {b} but none back")
print("\n".join(failures) if failures else "sample tours: hotspots on their markers, links both ways")
sys.exit(1 if failures else 0)
