#!/usr/bin/env python3
"""Resolves the Jetpack libraries the app uses the way Gradle does, and writes the flat list
that jetpack/pom.xml declares.

Jetpack publishes Gradle module metadata (.module files): a library like androidx.compose.ui:ui
points at its Android variant ui-android, and siblings pin each other with strict versions.
Maven reads only the poms, where both show up as conflicting exact ranges and old pre-multiplatform
artifacts, so the pom lists every library of the resolved graph explicitly, each with all its
own dependencies excluded. Run this after changing a version in android/pom.xml or a root below;
it fetches metadata with Maven itself (into ~/.m2) and rewrites the list in jetpack/pom.xml.

    python3 android/app/jetpack/resolve.py
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

M2 = os.path.expanduser("~/.m2/repository")
POM_NS = "{http://maven.apache.org/POM/4.0.0}"

# What the app uses directly (main), and what its tests add (test).
MAIN = [
    "androidx.activity:activity-compose:{androidx.activity.version}",
    "androidx.compose.runtime:runtime:{androidx.compose.version}",
    "androidx.compose.ui:ui:{androidx.compose.version}",
    "androidx.compose.foundation:foundation:{androidx.compose.version}",
    "androidx.compose.material3:material3:{androidx.material3.version}",
    # material3 asks for 1.8.1, which Maven Central does not serve; the Compose BOM would align it.
    "androidx.compose.material:material-ripple:{androidx.compose.version}",
    "androidx.core:core-ktx:{androidx.core.version}",
    "androidx.work:work-runtime:{androidx.work.version}",
    "androidx.biometric:biometric:{androidx.biometric.version}",
    "androidx.lifecycle:lifecycle-process:{androidx.lifecycle.version}",
]
TEST = [
    "androidx.work:work-testing:{androidx.work.version}",
    "androidx.test:core:{androidx.test.core.version}",
]
# Provided by the parent pom or the framework jar, never taken from Jetpack's graph.
SKIP = re.compile(r"^org\.jetbrains\.kotlin:kotlin-stdlib.*")


def properties():
    root = ET.parse(os.path.join(os.path.dirname(__file__), "..", "..", "pom.xml")).getroot()
    return {e.tag.replace(POM_NS, ""): (e.text or "").strip() for e in root.find(POM_NS + "properties")}


def path(g, a, v, ext):
    return os.path.join(M2, *g.split("."), a, v, f"{a}-{v}.{ext}")


def fetch(coords, ext):
    """Downloads the .module or .pom of each g:a:v with one Maven run; missing ones stay missing."""
    todo = [c for c in coords if not os.path.exists(path(*c.split(":"), ext))]
    if not todo:
        return
    deps = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
        f"<type>{ext}</type><exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId>"
        f"</exclusion></exclusions></dependency>"
        for g, a, v in (c.split(":") for c in todo)
    )
    os.makedirs("/tmp/cunxin-jetpack-resolve", exist_ok=True)
    with open("/tmp/cunxin-jetpack-resolve/pom.xml", "w") as f:
        f.write(
            '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            "<groupId>x</groupId><artifactId>x</artifactId><version>0</version>"
            f"<dependencies>{deps}</dependencies></project>"
        )
    subprocess.run(
        ["mvn", "-B", "-q", "-fae", "-f", "/tmp/cunxin-jetpack-resolve/pom.xml", "dependency:resolve"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def vkey(v):
    """Orders versions like 1.2.0-alpha01 < 1.2.0-rc01 < 1.2.0."""
    main, _, pre = v.partition("-")
    nums = [int(x) if x.isdigit() else 0 for x in main.split(".")]
    rank = {"alpha": 0, "beta": 1, "rc": 2}
    m = re.match(r"([a-z]+)(\d*)", pre)
    tail = (rank.get(m.group(1), 0), int(m.group(2) or 0)) if m else (9, 0)
    return nums + [0] * (4 - len(nums)), tail


def pick_variant(module):
    variants = module.get("variants", [])

    def score(v):
        at = v.get("attributes", {})
        if at.get("org.gradle.usage") != "java-runtime" or at.get("org.gradle.category", "library") != "library":
            return -1
        platform = at.get("org.jetbrains.kotlin.platform.type")
        return {"androidJvm": 3, "jvm": 2, None: 1}.get(platform, -1)

    best = max(variants, key=score, default=None)
    return best if best is not None and score(best) > 0 else None


def pom_deps(g, a, v):
    root = ET.parse(path(g, a, v, "pom")).getroot()
    packaging = root.findtext(POM_NS + "packaging") or "jar"
    deps = []
    for d in root.iterfind(f"{POM_NS}dependencies/{POM_NS}dependency"):
        scope = d.findtext(POM_NS + "scope") or "compile"
        if scope not in ("compile", "runtime") or (d.findtext(POM_NS + "optional") or "") == "true":
            continue
        version = (d.findtext(POM_NS + "version") or "").strip("[]")
        deps.append((d.findtext(POM_NS + "groupId"), d.findtext(POM_NS + "artifactId"), version))
    return packaging, deps


def resolve(roots):
    wanted = {}  # g:a -> highest version asked for
    for r in roots:
        g, a, v = r.split(":")
        wanted[f"{g}:{a}"] = v
    chosen = {}  # g:a -> (variant g, variant a, v, ext)
    constraints = {}  # g:a -> highest version a constraint asks for, if the module is in the graph

    def ask(key, version, constraint=False):
        if not version:
            return
        if constraint:
            if key not in constraints or vkey(version) > vkey(constraints[key]):
                constraints[key] = version
            if key not in wanted:
                return
        for v in (version, constraints.get(key)):
            if v and (key not in wanted or vkey(v) > vkey(wanted[key])):
                wanted[key] = v

    def take(variant):
        for d in variant.get("dependencies", []):
            dv = d.get("version", {})
            ask(f"{d['group']}:{d['module']}", dv.get("strictly") or dv.get("requires"))
        for d in variant.get("dependencyConstraints", []):
            dv = d.get("version", {})
            ask(f"{d['group']}:{d['module']}", dv.get("strictly") or dv.get("requires"), constraint=True)
    while True:
        pending = {ga: v for ga, v in wanted.items() if chosen.get(ga, (None, None, None))[2] != v}
        if not pending:
            return chosen
        fetch([f"{ga}:{v}" for ga, v in pending.items()], "module")
        fetch([f"{ga}:{v}" for ga, v in pending.items() if not os.path.exists(path(*ga.split(":"), v, "module"))], "pom")
        redirects = {}
        for ga, v in pending.items():
            g, a = ga.split(":")
            deps = []
            if os.path.exists(path(g, a, v, "module")):
                variant = pick_variant(json.load(open(path(g, a, v, "module"))))
                if variant is None:
                    sys.exit(f"no JVM/Android runtime variant in {ga}:{v}")
                at = variant.get("available-at")
                if at:
                    redirects[ga] = (at["group"], at["module"], at["version"])
                    continue
                files = variant.get("files", [])
                ext = files[0]["name"].rsplit(".", 1)[-1] if files else "pom"
                take(variant)
                chosen[ga] = (g, a, v, ext)
            elif os.path.exists(path(g, a, v, "pom")):
                packaging, deps = pom_deps(g, a, v)
                chosen[ga] = (g, a, v, {"bundle": "jar"}.get(packaging, packaging))
            else:
                sys.exit(f"{ga}:{v} is not served (neither .module nor .pom)")
            for dg, da, dv in deps:
                ask(f"{dg}:{da}", dv)
        # A variant published elsewhere (ui -> ui-android) is read from its own metadata.
        if redirects:
            fetch([":".join(t) for t in redirects.values()], "module")
            for ga, (g, a, v) in redirects.items():
                module = json.load(open(path(g, a, v, "module")))
                variant = pick_variant(module)
                files = variant.get("files", [])
                ext = files[0]["name"].rsplit(".", 1)[-1] if files else "pom"
                chosen[ga] = (g, a, v, ext)
                take(variant)


def main():
    props = properties()
    expand = lambda r: re.sub(r"\{([^}]+)\}", lambda m: props[m.group(1)], r)
    main_roots = [expand(r) for r in MAIN]
    test_roots = [expand(r) for r in TEST]
    main_graph = resolve(main_roots)
    full_graph = resolve(main_roots + test_roots)
    # One version of each library for both classpaths: where the tests' libraries ask for a newer
    # one, the app compiles against that too (as it would if it shipped them). A library asked for
    # both by its multiplatform name and by its -jvm name is one library.
    files = {}  # (g, variant a) -> (v, ext, scope)
    for ga, (g, a, v, ext) in full_graph.items():
        if ext == "pom" or SKIP.match(f"{g}:{a}"):
            continue
        scope = "compile" if ga in main_graph else "test"
        old = files.get((g, a))
        if old is None or vkey(v) > vkey(old[0]) or (old[2] == "test" and scope == "compile"):
            files[(g, a)] = (max(v, old[0], key=vkey) if old else v, ext, "compile" if "compile" in (scope, old and old[2]) else "test")
    lines = [
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
        f"<type>{ext}</type><scope>{scope}</scope><exclusions><exclusion><groupId>*</groupId>"
        f"<artifactId>*</artifactId></exclusion></exclusions></dependency>"
        for (g, a), (v, ext, scope) in sorted(files.items(), key=lambda x: (x[1][2], x[0]))
    ]
    pom = os.path.join(os.path.dirname(__file__), "pom.xml")
    text = open(pom).read()
    begin, end = "    <!-- resolve.py: begin -->\n", "    <!-- resolve.py: end -->\n"
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    open(pom, "w").write(head + begin + "\n".join(lines) + "\n" + end + tail)
    print(f"{pom}: {len(lines)} libraries", file=sys.stderr)


if __name__ == "__main__":
    main()
