#!/usr/bin/env python3
"""Independent reference decodes of the vendor XML samples -> small JSON fingerprints.

Writes Tests/Fixtures/formats/xml-golden/<folder>__<file>.json, one per sample file, with per lead:
count, sum, sum of squares, first 8 and last 8 values, all in the file's integer units (ADC
counts / aECG digits), plus the scale that turns them into microvolts. The Swift tests read the
same files with ECGFormatsXML, turn the mV samples back into integers and compare exactly.

References (none shares code with the Swift reader):
  * GE MUSE: xml.etree + base64 + numpy '<i2' of WaveFormData of the Rhythm waveform.
  * Philips: PyPI `sierraecg` (C. Watford, MIT) -- sierraecg.read_file for I, II, III, V1-V6.
    For aVR, aVL, aVF it uses sierraecg.xli.xli_decode (its LZW + delta decoder) and the
    limb-lead reconstruction with division truncating toward zero, because sierraecg 0.4.0
    floors instead (floor((I+II)/2)), which the Philips-made aECG of ad4d3d80 contradicts; the
    number of samples where sierraecg's own floor variant differs is recorded too.
  * HL7 aECG: xml.etree parse of the rhythm series' first sequenceSet <digits>.

Usage (from the package root, in a venv):
  pip install sierraecg==0.4.0 numpy
  python3 Scripts/make_xml_format_golden.py [data directory, default $ECGLENS_DATA or ../shared/data]
"""
import base64
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zlib

import numpy as np
import sierraecg
from sierraecg.xli import xli_decode

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "formats", "xml-golden")
HL7 = "{urn:hl7-org:v3}"
MDC = {"MDC_ECG_LEAD_" + k.upper(): k for k in
       ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]}


def fingerprint(name, values, scale_uv, origin_uv=0.0):
    v = np.asarray(values, dtype=np.int64)
    return {"name": name, "count": int(v.size), "sum": int(v.sum()), "sumSquares": int((v * v).sum()),
            "first": [int(x) for x in v[:8]], "last": [int(x) for x in v[-8:]],
            "scaleMicrovolts": float(scale_uv), "originMicrovolts": float(origin_uv)}


def muse(path):
    root = ET.parse(path).getroot()
    rhythm = [w for w in root.findall("Waveform") if w.findtext("WaveformType").strip() == "Rhythm"][0]
    rate = float(rhythm.findtext("SampleBase")) * 10 ** float(rhythm.findtext("SampleExponent") or 0)
    leads, crc_ok = [], True
    for lead in rhythm.findall("LeadData"):
        raw = base64.b64decode(lead.findtext("WaveFormData"))
        crc_ok &= zlib.crc32(raw) == int(lead.findtext("LeadDataCRC32"))
        count = int(lead.findtext("LeadSampleCountTotal"))
        samples = np.frombuffer(raw, dtype="<i2")[:count]
        units = {"MICROVOLTS": 1.0, "MILLIVOLTS": 1000.0}[lead.findtext("LeadAmplitudeUnits").strip()]
        leads.append(fingerprint(lead.findtext("LeadID").strip(), samples,
                                 float(lead.findtext("LeadAmplitudeUnitsPerBit")) * units))
    return {"samplingRate": rate, "leads": leads, "crc32AllMatch": bool(crc_ok),
            "reference": "xml.etree + base64 + numpy int16 little-endian"}


def philips(path):
    ecg = sierraecg.read_file(path)
    text = open(path, "rb").read()
    text = text.decode("utf-16") if text[:2] in (b"\xff\xfe", b"\xfe\xff") else text.decode("utf-8")
    waves = re.search(r"<parsedwaveforms[^>]*>(.*?)</parsedwaveforms>", text, re.S).group(1)
    resolution = float(re.search(r"<(?:signal)?resolution>([^<]+)<", text).group(1))
    raw = [c.astype(np.int64) for c in xli_decode(base64.b64decode(waves), [])][:12]
    one, two = raw[0], raw[1]
    three = two - one - raw[2]
    trunc = lambda x: np.trunc(x / 2).astype(np.int64)
    rebuilt = {"aVR": -raw[3] - trunc(one + two), "aVL": trunc(one - three) - raw[4],
               "aVF": trunc(two + three) - raw[5]}
    leads, floor_differs = [], {}
    for lead in ecg.leads:
        values = lead.samples.astype(np.int64)
        if lead.label in rebuilt:
            floor_differs[lead.label] = int((values != rebuilt[lead.label]).sum())
            values = rebuilt[lead.label]
        leads.append(fingerprint(lead.label, values, resolution))
    return {"samplingRate": float(ecg.leads[0].sampling_freq), "leads": leads,
            "sierraecgFloorVariantDiffers": floor_differs,
            "reference": "sierraecg %s (limb leads: xli_decode + truncating reconstruction)" %
                         getattr(sierraecg, "__version__", "0.4.0")}


def uv(node):
    return float(node.get("value")) * {"uV": 1.0, "mV": 1000.0, "V": 1e6}[node.get("unit", "uV")]


def aecg(path):
    root = ET.parse(path).getroot()
    series = [s for s in root.iter(HL7 + "series") if s.find(HL7 + "code").get("code") == "RHYTHM"][0]
    sequence_set = series.find(HL7 + "component/" + HL7 + "sequenceSet")
    leads, rate = [], None
    for seq in sequence_set.findall(HL7 + "component/" + HL7 + "sequence"):
        code, value = seq.find(HL7 + "code").get("code"), seq.find(HL7 + "value")
        if code.startswith("TIME_"):
            inc = value.find(HL7 + "increment")
            rate = 1.0 / (float(inc.get("value")) * {"s": 1.0, "ms": 1e-3}[inc.get("unit")])
            continue
        digits = [int(x) for x in value.findtext(HL7 + "digits").split()]
        leads.append(fingerprint(MDC.get(code, code), digits, uv(value.find(HL7 + "scale")),
                                 uv(value.find(HL7 + "origin"))))
    return {"samplingRate": rate, "leads": leads, "reference": "xml.etree digits of the RHYTHM series"}


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ECGLENS_DATA", "../shared/data")
    os.makedirs(OUT, exist_ok=True)
    readers = {"ge-muse": muse, "philips-sierra": philips, "hl7-aecg": aecg}
    for folder, reader in readers.items():
        directory = os.path.join(base, "vendor-formats", folder)
        for name in sorted(os.listdir(directory)):
            if not name.lower().endswith(".xml"):
                continue
            golden = {"folder": folder, "file": name, **reader(os.path.join(directory, name))}
            target = os.path.join(OUT, "%s__%s.json" % (folder, name))
            with open(target, "w") as handle:
                json.dump(golden, handle, indent=1)
            print(target, len(golden["leads"]), "leads")


if __name__ == "__main__":
    main()
