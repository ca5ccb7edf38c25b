#!/usr/bin/env python3
"""Make the drawings of this folder from their published sources; run it again to update them.

    pip download anatomapa==0.4.5 --no-deps -d /tmp/drawings && unzip -oq /tmp/drawings/anatomapa-0.4.5-py3-none-any.whl -d /tmp/drawings/anatomapa
    (cd /tmp/drawings && npm pack healthicons@2.0.0 && tar xzf healthicons-2.0.0.tgz)
    python3 templates/drawings/import.py /tmp/drawings

- body.svg: the body outline, front and back side by side, from anatomapa 0.4.5 (PyPI; MIT,
  LICENSE-anatomapa.txt; its silhouettes from gganatogram, CC0). Each region the data may mark
  (`knee`, `hand`, `lower-leg`…) is a `<path class="knee">` in each view that has it.
- urinary-tract.svg: kidneys with their ureters and the bladder, from Health Icons 2.0.0
  (npm `healthicons`; MIT, LICENSE-healthicons.txt): `kidneys` over a smaller `bladder`.
- icons/<id>.svg: one Health Icons drawing per urgent-sign icon, named by the ids data uses.

A map's `<style>` rule for `.MARKED` is how its marks look: handout replaces that selector with
the marked regions' classes (`.knee,.hand`). Every map carries the hatch pattern `#mark`.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = sys.argv[1] if len(sys.argv) > 1 else "/tmp/drawings"
ANATOMAPA = os.path.join(SOURCES, "anatomapa/anatomapa/assets")
HEALTHICONS = os.path.join(SOURCES, "package/public/icons/svg/filled")

# The hatch every drawing's marks are filled with: black stripes on a pale ground, which
# print as a pattern in colour, grey and black and white alike.
PATTERN = (
    '<pattern id="mark" patternUnits="userSpaceOnUse" width="{w}" height="{w}" '
    'patternTransform="rotate(45)"><rect width="{w}" height="{w}" fill="#ffffff"/>'
    '<rect width="{s}" height="{w}" fill="#000000"/></pattern>'
)

# Urgent-sign icons: the id data names → the Health Icons drawing.
ICONS = {
    "fever": "emotions/fever",
    "chills": "conditions/chills_fever",
    "spreading-redness": "conditions/burn",
    "skin-spots": "conditions/allergies",
    "sore": "objects/bandage_adhesive",
    "confusion": "emotions/dizzy",
    "pain": "conditions/pain",
    "back-pain": "conditions/back_pain",
    "joint": "body/joints",
    "bladder": "body/bladder",
    "blood": "body/blood_drop",
    "vomiting": "conditions/vomiting",
    "kidney": "body/kidneys",
    "pregnancy": "people/pregnant",
    "thirst": "objects/running_water",
    "urine-sample": "devices/urine_sample",
}


def view(name, dx):
    """One anatomapa view as a group shifted by dx: pale silhouette, regions, outline."""
    root = ET.parse(os.path.join(ANATOMAPA, name)).getroot()
    regions, outline = [], None
    for el in root.iter(NS + "path"):
        pid = el.get("id", "")
        if pid == "body-outline":
            outline = el.get("d")
        elif pid:
            region = re.sub(r"-(left|right)$", "", pid).replace("_", "-")
            regions.append(f'<path class="{region}" d="{el.get("d")}"/>')
    parts = [p.strip() for p in re.split(r"(?=M )", outline.strip()) if p.strip()]
    area = lambda d: (lambda n: (max(n[0::2]) - min(n[0::2])) * (max(n[1::2]) - min(n[1::2])))(
        [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d)])
    silhouette = max(parts, key=area)
    details = " ".join(p for p in parts if p is not silhouette)
    clip = f"clip-{name.split('_')[-1].split('.')[0]}"
    return (
        f'<clipPath id="{clip}"><path d="{silhouette}"/></clipPath>',
        f'<g transform="translate({dx} 0)">'
        f'<path d="{silhouette}" fill="#f2f2f2"/>'
        f'<g clip-path="url(#{clip})" fill="none" stroke="none" stroke-width="8" stroke-linejoin="round">'
        + "".join(regions)
        + "</g>"
        f'<path d="{details}" fill="none" stroke="#000000" stroke-opacity="0.55" stroke-width="2"/>'
        f'<path d="{silhouette}" fill="none" stroke="#000000" stroke-width="4" stroke-linejoin="round"/>'
        "</g>",
    )


def body():
    front_clip, front = view("body_male_anterior.svg", 0)
    back_clip, back = view("body_male_posterior.svg", 560)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1100 960">'
        f"<defs>{PATTERN.format(w=22, s=9)}{front_clip}{back_clip}</defs>"
        "<style>.MARKED{fill:url(#mark);stroke:#000000;stroke-width:4}</style>" + front + back + "</svg>\n"
    )
    write("body.svg", svg)


def paths(name):
    root = ET.parse(os.path.join(HEALTHICONS, name + ".svg")).getroot()
    return [el.get("d") for el in root.iter(NS + "path")]


def urinary_tract():
    kidney_left, kidney_right, ureter_a, ureter_b = paths("body/kidneys")
    (bladder,) = paths("body/bladder")
    organ = lambda cls, d: f'<path class="{cls}" d="{d}" fill="#d9d9d9" stroke="#000000" stroke-width="0.6"/>'
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="4 5 40 52">'
        f"<defs>{PATTERN.format(w=2.2, s=0.9)}</defs>"
        "<style>.MARKED{fill:url(#mark);stroke-width:1.4}</style>"
        + organ("kidney", kidney_left)
        + organ("kidney", kidney_right)
        + organ("ureter", ureter_a)
        + organ("ureter", ureter_b)
        + '<g transform="translate(13.2 36.6) scale(0.45)">'
        + f'<path class="bladder" d="{bladder}" fill="#d9d9d9" fill-rule="evenodd" stroke="#000000" stroke-width="1.3"/>'
        + "</g></svg>\n"
    )
    write("urinary-tract.svg", svg)


def icons():
    for id, name in sorted(ICONS.items()):
        with open(os.path.join(HEALTHICONS, name + ".svg")) as f:
            svg = f.read().replace("currentColor", "#000000")
        write(f"icons/{id}.svg", svg)


def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)
    print(f"{name}: {len(text)} bytes")


body()
urinary_tract()
icons()
