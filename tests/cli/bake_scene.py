#!/usr/bin/env python3
"""Helpers of tests/cli/bake.sh: writes the glTF scenes it bakes and measures the panoramas (Python's standard
library only; pictures are decoded by ImageMagick's convert).

  bake_scene.py cubes OUT.gltf           cubes of six colours at known yaw/pitch from (0, 1.6, 0), and
                                         hotspot:COLOUR nodes at their centres; prints `COLOUR yaw pitch` lines
  bake_scene.py room OUT.gltf            a 6 x 3 x 5 m box room with a checker texture on every wall, floor and ceiling
  bake_scene.py centroids PANO.jpg       each colour's centroid (solid-angle weighted mean direction) in the panorama,
                                         printed as `COLOUR yaw pitch pixels`
  bake_scene.py centre SHOT.png          the colour class of the shot's centre and the centroid of that class,
                                         in pixels from the centre: `CLASS dx dy`
  bake_scene.py seam PANO.jpg            seam and pole differences (mean absolute, 0-255): `seam S limit L pole P rows R`
  bake_scene.py closer REF A B           fails unless A's mean difference from REF is under 2/3 of B's: `A a B b`
  bake_scene.py seam_shot SHOT.png WHICH fails when the shot's middle column pair (WHICH `columns`) or also its middle
                                         row pair (`both`) differs more than the others
"""
import base64, json, math, struct, subprocess, sys, zlib

POINT = (0.0, 1.6, 0.0)
# name: (rgb, yaw, pitch, distance)
CUBES = {
    'red': ((1, 0, 0), 0.0, 0.0, 5.0),
    'green': ((0, 1, 0), 53.13, 11.31, 5.1),
    'blue': ((0, 0, 1), 180.0, 0.0, 6.0),        # straight behind: on the panorama's seam
    'yellow': ((1, 1, 0), 121.0, 84.5, 6.0),     # near the zenith
    'magenta': ((1, 0, 1), -56.31, -22.6, 3.9),
    'cyan': ((0, 1, 1), -150.0, -75.0, 5.0),     # near the nadir
}
OFFSET = (10.0, 0.0, 0.0)  # the cubes' parent node moves them; each child undoes it (node transforms are tested too)


def direction(yaw, pitch):
    y, p = math.radians(yaw), math.radians(pitch)
    return (math.sin(y) * math.cos(p), math.sin(p), -math.cos(y) * math.cos(p))


def yaw_pitch(d):
    n = math.sqrt(sum(c * c for c in d))
    pitch = math.degrees(math.asin(max(-1.0, min(1.0, d[1] / n))))
    yaw = math.degrees(math.atan2(d[0], -d[2]))
    return yaw, pitch


def wrap(a):
    a = math.fmod(a + 180.0, 360.0)
    return a + 180.0 if a <= 0 else a - 180.0


class Gltf:
    def __init__(self):
        self.doc = {'asset': {'version': '2.0'}, 'scene': 0, 'scenes': [{'nodes': []}], 'nodes': [], 'meshes': [],
                    'materials': [], 'accessors': [], 'bufferViews': []}
        self.data = bytearray()

    def view(self, payload, target):
        while len(self.data) % 4:
            self.data.append(0)
        self.doc['bufferViews'].append({'buffer': 0, 'byteOffset': len(self.data), 'byteLength': len(payload),
                                        'target': target})
        self.data += payload
        return len(self.doc['bufferViews']) - 1

    def accessor(self, values, kind, ctype=5126, target=34962):
        flat = [c for v in values for c in (v if isinstance(v, tuple) else (v,))]
        fmt = '<%d%s' % (len(flat), 'f' if ctype == 5126 else 'I')
        acc = {'bufferView': self.view(struct.pack(fmt, *flat), target), 'componentType': ctype,
               'count': len(values), 'type': kind}
        if kind == 'VEC3' and ctype == 5126:
            acc['min'] = [min(v[i] for v in values) for i in range(3)]
            acc['max'] = [max(v[i] for v in values) for i in range(3)]
        self.doc['accessors'].append(acc)
        return len(self.doc['accessors']) - 1

    def mesh(self, quads, material):
        """quads: [(corner, edge_u, edge_v, normal)], each two triangles facing `normal`, uv 0..1 tiled by the size."""
        pos, nor, uv, idx = [], [], [], []
        for corner, eu, ev, n in quads:
            base = len(pos)
            for (a, b) in ((0, 0), (1, 0), (1, 1), (0, 1)):
                pos.append(tuple(corner[i] + a * eu[i] + b * ev[i] for i in range(3)))
                nor.append(n)
                uv.append((a * math.sqrt(sum(c * c for c in eu)), b * math.sqrt(sum(c * c for c in ev))))
            cross = (eu[1] * ev[2] - eu[2] * ev[1], eu[2] * ev[0] - eu[0] * ev[2], eu[0] * ev[1] - eu[1] * ev[0])
            ccw = sum(cross[i] * n[i] for i in range(3)) > 0
            tri = [0, 1, 2, 0, 2, 3] if ccw else [0, 2, 1, 0, 3, 2]
            idx += [base + t for t in tri]
        attrs = {'POSITION': self.accessor(pos, 'VEC3'), 'NORMAL': self.accessor(nor, 'VEC3'),
                 'TEXCOORD_0': self.accessor(uv, 'VEC2')}
        prim = {'attributes': attrs, 'indices': self.accessor(idx, 'SCALAR', 5125, 34963), 'material': material}
        self.doc['meshes'].append({'primitives': [prim]})
        return len(self.doc['meshes']) - 1

    def node(self, name, translation, mesh=None, parent=None):
        node = {'name': name, 'translation': list(translation)}
        if mesh is not None:
            node['mesh'] = mesh
        self.doc['nodes'].append(node)
        index = len(self.doc['nodes']) - 1
        if parent is None:
            self.doc['scenes'][0]['nodes'].append(index)
        else:
            self.doc['nodes'][parent].setdefault('children', []).append(index)
        return index

    def write(self, path):
        self.doc['buffers'] = [{'byteLength': len(self.data),
                                'uri': 'data:application/octet-stream;base64,' + base64.b64encode(self.data).decode()}]
        with open(path, 'w') as f:
            json.dump(self.doc, f)


def cube_quads(h):
    """An outward-facing cube of half size h about the origin."""
    quads = []
    for axis in range(3):
        for s in (-1, 1):
            n = [0, 0, 0]
            n[axis] = s
            u, v = [0, 0, 0], [0, 0, 0]
            u[(axis + 1) % 3] = 2 * h
            v[(axis + 2) % 3] = 2 * h
            corner = [-h, -h, -h]
            corner[axis] = s * h
            quads.append((tuple(corner), tuple(u), tuple(v), tuple(n)))
    return quads


def write_cubes(path):
    g = Gltf()
    parent = g.node('cubes', OFFSET)
    for name, (rgb, yaw, pitch, dist) in CUBES.items():
        g.doc['materials'].append({'name': name, 'pbrMetallicRoughness': {'baseColorFactor': list(rgb) + [1.0]}})
        mesh = g.mesh(cube_quads(0.2), len(g.doc['materials']) - 1)
        d = direction(yaw, pitch)
        centre = tuple(POINT[i] + dist * d[i] - OFFSET[i] for i in range(3))
        g.node('cube ' + name, centre, mesh, parent)
        g.node('hotspot:' + name, centre, None, parent)
        print(name, '%.4f' % yaw, '%.4f' % pitch)
    g.write(path)


def checker_png():
    """A 64 x 64 texture: 8 x 8 squares of varied colours (each square its own), so that a misplaced pixel shows."""
    rows = []
    for y in range(64):
        row = bytearray([0])
        for x in range(64):
            i, j = x // 8, y // 8
            row += bytes(((i * 37 + j * 11) % 200 + 40, (i * 13 + j * 53) % 200 + 40, (i * 71 + j * 29) % 200 + 40))
        rows.append(bytes(row))
    raw = zlib.compress(b''.join(rows))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 64, 64, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', raw) + chunk(b'IEND', b''))


def write_room(path):
    g = Gltf()
    g.doc['images'] = [{'uri': 'data:image/png;base64,' + base64.b64encode(checker_png()).decode()}]
    g.doc['samplers'] = [{'magFilter': 9729, 'minFilter': 9987, 'wrapS': 10497, 'wrapT': 10497}]
    g.doc['textures'] = [{'source': 0, 'sampler': 0}]
    g.doc['materials'].append({'name': 'checker', 'pbrMetallicRoughness': {'baseColorTexture': {'index': 0}}})
    x0, x1, y0, y1, z0, z1 = -3.0, 3.0, 0.0, 3.0, -2.5, 2.5
    quads = [((x0, y0, z0), (x1 - x0, 0, 0), (0, 0, z1 - z0), (0, 1, 0)),    # floor, facing up
             ((x0, y1, z0), (x1 - x0, 0, 0), (0, 0, z1 - z0), (0, -1, 0)),   # ceiling
             ((x0, y0, z0), (x1 - x0, 0, 0), (0, y1 - y0, 0), (0, 0, 1)),    # far wall (-z)
             ((x0, y0, z1), (x1 - x0, 0, 0), (0, y1 - y0, 0), (0, 0, -1)),   # back wall (+z)
             ((x0, y0, z0), (0, 0, z1 - z0), (0, y1 - y0, 0), (1, 0, 0)),    # left wall
             ((x1, y0, z0), (0, 0, z1 - z0), (0, y1 - y0, 0), (-1, 0, 0))]   # right wall
    g.node('room', (0, 0, 0), g.mesh(quads, 0))
    g.write(path)


def decode(path):
    out = subprocess.run(['identify', '-format', '%w %h', path], capture_output=True, text=True, check=True).stdout
    w, h = map(int, out.split())
    return w, h, subprocess.run(['convert', path, '-depth', '8', 'rgb:-'], capture_output=True, check=True).stdout


def classify(r, g, b):
    hi, lo = 90, 70
    bits = (r > hi, g > hi, b > hi)
    low = (r < lo, g < lo, b < lo)
    for name, (rgb, *_rest) in CUBES.items():
        if all((bits[i] if rgb[i] else low[i]) for i in range(3)):
            return name
    return None


def centroids(path):
    w, h, px = decode(path)
    sums = {}
    for y in range(h):
        pitch = 90.0 - (y + 0.5) * 180.0 / h
        cp = math.cos(math.radians(pitch))
        for x in range(w):
            o = (y * w + x) * 3
            name = classify(px[o], px[o + 1], px[o + 2])
            if name is None:
                continue
            d = direction((x + 0.5) * 360.0 / w - 180.0, pitch)
            s = sums.setdefault(name, [0.0, 0.0, 0.0, 0])
            for i in range(3):
                s[i] += d[i] * cp
            s[3] += 1
    for name in CUBES:
        if name in sums:
            yaw, pitch = yaw_pitch(sums[name][:3])
            print(name, '%.3f' % yaw, '%.3f' % pitch, sums[name][3])


def centre(path):
    w, h, px = decode(path)
    o = ((h // 2) * w + w // 2) * 3
    name = classify(px[o], px[o + 1], px[o + 2])
    xs, ys = [], []
    for y in range(h):
        for x in range(w):
            i = (y * w + x) * 3
            if name and classify(px[i], px[i + 1], px[i + 2]) == name:
                xs.append(x + 0.5 - w / 2)
                ys.append(y + 0.5 - h / 2)
    print(name, '%.2f' % (sum(xs) / len(xs)) if xs else 'nan', '%.2f' % (sum(ys) / len(ys)) if ys else 'nan')


def seam(path):
    """The seam column pair (x = w-1 and 0) against every column pair, and across the poles against rows there."""
    w, h, px = decode(path)
    at = lambda x, y: px[(y * w + x) * 3:(y * w + x) * 3 + 3]
    diff = lambda a, b: sum(abs(a[i] - b[i]) for i in range(3)) / 3.0
    rows = range(h // 8, h - h // 8, 2)
    pairs = sorted(sum(diff(at(x, y), at(x + 1, y)) for y in rows) / len(rows) for x in range(0, w - 1, 3))
    seam_d = sum(diff(at(w - 1, y), at(0, y)) for y in rows) / len(rows)
    limit = 2.5 * pairs[len(pairs) // 2] + 2
    # Across a pole: (x, y) and (x + w/2, y) are 2y + 1 rows apart over the pole; compare with rows y and y + 1.
    pole_d, row_d, n = 0.0, 0.0, 0
    for y in (0, 1, 2, h - 3, h - 2, h - 1):
        y1 = y + 1 if y < h // 2 else y - 1
        for x in range(0, w // 2, 2):
            pole_d += diff(at(x, y), at(x + w // 2, y))
            row_d += diff(at(x, y), at(x, y1))
            n += 1
    print('seam %.2f limit %.2f pole %.2f rows %.2f' % (seam_d, limit, pole_d / n, row_d / n))


def seam_shot(path, which):
    """The middle column pair (and row pair) of a view centred on a seam or pole against all pairs of the view."""
    w, h, px = decode(path)
    at = lambda x, y: px[(y * w + x) * 3:(y * w + x) * 3 + 3]
    diff = lambda a, b: sum(abs(a[i] - b[i]) for i in range(3)) / 3.0
    cols = [sum(diff(at(x, y), at(x + 1, y)) for y in range(h)) / h for x in range(w - 1)]
    rows = [sum(diff(at(x, y), at(x, y + 1)) for x in range(w)) / w for y in range(h - 1)]
    ok = True
    checks = [('column', cols, w // 2 - 1)] + ([('row', rows, h // 2 - 1)] if which == 'both' else [])
    for name, values, mid in checks:
        ordered = sorted(values)
        median, p90 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.9)]
        middle = max(values[mid - 1:mid + 2])
        limit = 2.5 * median + 2
        print('%s: middle %.2f, median %.2f, 90th percentile %.2f, limit %.2f' % (name, middle, median, p90, limit))
        ok = ok and middle <= limit
    sys.exit(0 if ok else 1)


def closer(ref, a, b):
    _, _, r = decode(ref)
    da = sum(abs(x - y) for x, y in zip(decode(a)[2], r)) / len(r)
    db = sum(abs(x - y) for x, y in zip(decode(b)[2], r)) / len(r)
    print('%s %.4f %s %.4f' % (a.rsplit('/', 1)[-1], da, b.rsplit('/', 1)[-1], db))
    sys.exit(0 if da < db * 2 / 3 else 1)


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'cubes':
        write_cubes(sys.argv[2])
    elif cmd == 'room':
        write_room(sys.argv[2])
    elif cmd == 'centroids':
        centroids(sys.argv[2])
    elif cmd == 'centre':
        centre(sys.argv[2])
    elif cmd == 'seam':
        seam(sys.argv[2])
    elif cmd == 'closer':
        closer(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == 'seam_shot':
        seam_shot(sys.argv[2], sys.argv[3])
    else:
        sys.exit('unknown command ' + cmd)
