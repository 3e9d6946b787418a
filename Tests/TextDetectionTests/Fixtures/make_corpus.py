#!/usr/bin/env python3
"""Builds the text-detection test corpus: grey images with text rendered in a real
font (DejaVu, Debian fonts-dejavu-core) at known word boxes, and text-free images with
text-like structure (rulers, grids, phantoms, noise, gradients).

Usage: make_corpus.py OUTDIR [SEED]   (SEED, default 0, varies every image)
Writes OUTDIR/NAME.pgm (binary PGM) and OUTDIR/manifest.json:
  [{"name", "file", "width", "height", "textFree", "words": [{"text", "kind", "box": [x, y, w, h]}]}]
A word's box is the bounding box of its rendered ink (pixels above 64 in its own layer).
Needs Pillow (Debian python3-pil). Deterministic: a fixed seed per image.
"""
import json
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageStat

FONT_DIRS = [d for d in [os.environ.get("DEJAVU_FONT_DIR"), "/usr/share/fonts/truetype/dejavu",
                         "/usr/share/fonts/dejavu", "/usr/share/fonts/dejavu-sans-fonts"] if d]
FONT_FILES = [
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
    "DejaVuSerif.ttf", "DejaVuSansCondensed.ttf", "DejaVuSansMono-Bold.ttf",
]

NAMES = ["DOE^JOHN", "SMITHERSON", "ANDERSSON", "MARIA", "KOWALSKI", "OBRIEN", "LINDQVIST", "BEATRIX"]
DATES = ["2023-04-12", "12/04/2023", "04.12.1961", "19610412", "12-Apr-2023", "1987/11/30"]
IDS = ["12345678", "MRN:884213", "A0049217", "556677", "ACC99812", "ID:7712093"]
OTHER = ["St.Mary", "Hospital", "Radiology", "Series", "Image", "Thorax", "Contrast", "Abdomen", "Window"]


THRESHOLD = [255 if v > 64 else 0 for v in range(256)]


def font_path(name):
    for d in FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise SystemExit("missing font %s: install Debian fonts-dejavu-core" % name)


def noise_layer(size, sigma):
    return Image.effect_noise(size, sigma)


def add_noise(img, sigma):
    if sigma <= 0:
        return img
    n = noise_layer(img.size, sigma)
    return ImageChops.add(img, n, scale=1.0, offset=-128)


def ct_background(rng, size):
    w, h = size
    img = Image.new("L", size, 0)
    d = ImageDraw.Draw(img)
    cx, cy = w // 2, h // 2 + rng.randint(-10, 10)
    rx, ry = int(w * rng.uniform(0.36, 0.42)), int(h * rng.uniform(0.28, 0.34))
    d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=rng.randint(95, 125))
    # lungs
    for s in (-1, 1):
        lx = cx + s * rx // 2
        d.ellipse([lx - rx // 3, cy - ry * 2 // 3, lx + rx // 3, cy + ry * 2 // 3], fill=rng.randint(15, 40))
    # spine and vessels: bright discs
    d.ellipse([cx - 16, cy + ry // 2 - 16, cx + 16, cy + ry // 2 + 16], fill=230)
    d.ellipse([cx - 9, cy - 20, cx + 9, cy - 2], fill=200)
    # ribs: small bright blobs on an ellipse
    for k in range(12):
        import math
        a = 2 * math.pi * k / 12
        bx, by = cx + int((rx - 8) * math.cos(a)), cy + int((ry - 8) * math.sin(a))
        d.ellipse([bx - 5, by - 7, bx + 5, by + 7], fill=rng.randint(180, 240))
    # table
    d.rectangle([w // 6, cy + ry + 12, w - w // 6, cy + ry + 16], fill=150)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 2.5)))
    return add_noise(img, rng.uniform(4, 10))


def gradient_background(rng, size):
    w, h = size
    img = Image.linear_gradient("L").resize(size).rotate(rng.choice([0, 90, 180, 270]))
    d = ImageDraw.Draw(img)
    # grey step bar at the right edge
    steps = 16
    for k in range(steps):
        y0 = 40 + k * (h - 80) // steps
        d.rectangle([w - 24, y0, w - 8, y0 + (h - 80) // steps - 1], fill=k * 255 // (steps - 1))
    return add_noise(img, 3)


def noise_background(rng, size):
    base = Image.new("L", size, rng.randint(60, 160))
    return add_noise(base, rng.uniform(10, 24))


def draw_ruler(d, rng, size):
    w, h = size
    y = h - 20
    d.line([30, y, w - 30, y], fill=220)
    for k, x in enumerate(range(30, w - 29, 5)):
        length = 10 if k % 10 == 0 else (7 if k % 5 == 0 else 4)
        d.line([x, y - length, x, y], fill=220)
    x = 18
    d.line([x, 40, x, h - 60], fill=220)
    for k, yy in enumerate(range(40, h - 59, 6)):
        length = 9 if k % 5 == 0 else 4
        d.line([x, yy, x + length, yy], fill=220)


def draw_grid(d, rng, size):
    w, h = size
    step = rng.choice([24, 32, 40])
    for x in range(step, w, step):
        d.line([x, 0, x, h], fill=170)
    for y in range(step, h, step):
        d.line([0, y, w, y], fill=170)
    # crosses at some intersections
    for x in range(step, w, step * 2):
        for y in range(step, h, step * 2):
            d.line([x - 3, y, x + 3, y], fill=255)
            d.line([x, y - 3, x, y + 3], fill=255)


def draw_phantom(d, rng, size):
    import math
    w, h = size
    cx, cy = w // 2, h // 2
    r = min(w, h) * 2 // 5
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=100, outline=240, width=4)
    for k in range(8):
        a = 2 * math.pi * k / 8
        px, py = cx + int(r * 0.6 * math.cos(a)), cy + int(r * 0.6 * math.sin(a))
        rr = rng.choice([8, 10, 14])
        if k % 2:
            d.ellipse([px - rr, py - rr, px + rr, py + rr], fill=rng.choice([20, 40, 200, 240]))
        else:
            d.ellipse([px - rr, py - rr, px + rr, py + rr], outline=240, width=2)
    # resolution bars
    for g, bw in enumerate((1, 2, 3)):
        x0 = cx - 40 + g * 30
        for b in range(4):
            d.rectangle([x0 + b * 2 * bw, cy - 10, x0 + b * 2 * bw + bw - 1, cy + 10], fill=250)


STRUCTURES = {"ruler": draw_ruler, "grid": draw_grid, "phantom": draw_phantom}
BACKGROUNDS = {"ct": ct_background, "gradient": gradient_background, "noise": noise_background}


def pick_words(rng):
    kind = rng.choice(["name", "date", "id", "text", "name", "date"])
    source = {"name": NAMES, "date": DATES, "id": IDS, "text": OTHER}[kind]
    words = [rng.choice(source)]
    if rng.random() < 0.5:
        extra = rng.choice(["name", "text", "id"])
        words.append(rng.choice({"name": NAMES, "text": OTHER, "id": IDS}[extra]))
    return words


def kind_of(word):
    if word in NAMES:
        return "name"
    if word in DATES:
        return "date"
    if word in IDS:
        return "id"
    return "text"


def render_text(img, rng, occupied):
    """Draws 2-5 lines of words in the corners; returns word records."""
    w, h = img.size
    words = []
    corners = rng.sample(["tl", "tr", "bl", "br"], rng.randint(1, 3))
    for corner in corners:
        size = rng.choice([11, 12, 13, 14, 16, 18, 20, 24, 28])
        font = ImageFont.truetype(font_path(rng.choice(FONT_FILES)), size)
        lines = [pick_words(rng) for _ in range(rng.randint(1, 3))]
        line_h = int(size * 1.35)
        widths = [font.getlength(" ".join(l)) for l in lines]
        block_w, block_h = int(max(widths)) + 4, line_h * len(lines)
        x0 = 8 if corner[1] == "l" else w - block_w - 8
        y0 = 8 if corner[0] == "t" else h - block_h - 34
        # Blocks never overlap one another (on small images two corners can collide).
        block = (x0 - 8, y0 - 6, x0 + block_w + 8, y0 + block_h + 6)
        if x0 < 0 or any(block[0] < o[2] and o[0] < block[2] and block[1] < o[3] and o[1] < block[3] for o in occupied):
            continue
        occupied.append(block)
        # Text is drawn to be legible: dark on a light label, or light on a dark background.
        background = ImageStat.Stat(img.crop((x0, y0, x0 + block_w, y0 + block_h))).mean[0]
        dark_on_light = rng.random() < 0.2 or background > 110
        colour = 20 if dark_on_light else rng.choice([255, 255, 230, 200])
        if dark_on_light:
            ImageDraw.Draw(img).rectangle([x0 - 6, y0 - 4, x0 + block_w + 6, y0 + block_h + 4], fill=rng.randint(215, 245))
        for li, line in enumerate(lines):
            x = x0
            y = y0 + li * line_h
            for word in line:
                layer = Image.new("L", img.size, 0)
                ImageDraw.Draw(layer).text((x, y), word, font=font, fill=255)
                box = layer.point(THRESHOLD).getbbox()
                if box is not None:
                    img.paste(colour, (0, 0), layer)
                    words.append({"text": word, "kind": kind_of(word),
                                  "box": [box[0], box[1], box[2] - box[0], box[3] - box[1]]})
                x += int(font.getlength(word + " "))
    return words


def save_pgm(img, path):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % img.size)
        f.write(img.tobytes())


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    os.makedirs(out, exist_ok=True)
    manifest = []
    plans = []
    for i in range(28):  # images with text
        plans.append(("text", i))
    for i in range(20):  # text-free images with text-like structure
        plans.append(("free", i))
    for kind, i in plans:
        rng = random.Random(1000 * (kind == "free") + i + 100000 * seed)
        size = rng.choice([(512, 512), (512, 512), (256, 256), (640, 480)])
        bg = list(BACKGROUNDS)[i % len(BACKGROUNDS)]
        img = BACKGROUNDS[bg](rng, size)
        structure = list(STRUCTURES)[(i // len(BACKGROUNDS)) % len(STRUCTURES)]
        if kind == "free" or rng.random() < 0.7:
            STRUCTURES[structure](ImageDraw.Draw(img), rng, size)
        words = render_text(img, rng, []) if kind == "text" else []
        name = "%s-%02d-%s-%s" % (kind, i, bg, structure)
        save_pgm(img, os.path.join(out, name + ".pgm"))
        manifest.append({"name": name, "file": name + ".pgm", "width": size[0], "height": size[1],
                         "textFree": kind == "free", "words": words})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
