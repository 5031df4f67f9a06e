#!/usr/bin/env python3
"""Writes a synthetic talkgen site with N talks, for benchmarks (deterministic: same N, same site).

usage: benches/gen_site.py DIR [N_TALKS]   (default 20000)
About one speaker per two talks, 8 tracks, 3 levels, 4 topic pages by track.
"""
import os
import random
import sys

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    rng = random.Random(42)
    tracks = [f"track-{i}" for i in range(8)]
    levels = ["beginner", "intermediate", "advanced"]
    n_speakers = max(1, n // 2)
    os.makedirs(f"{out}/content/talks", exist_ok=True)
    os.makedirs(f"{out}/content/speakers", exist_ok=True)
    with open(f"{out}/content/conference.yaml", "w") as f:
        f.write("name: Synthetic Conf\nstart_date: 2030-06-01\nend_date: 2030-06-03\n")
        f.write("tracks:\n")
        for t in tracks:
            f.write(f"  - slug: {t}\n    name: Track {t[-1]}\n")
        f.write("pages:\n")
        for t in tracks[:4]:
            f.write(f"  - slug: topic-{t}\n    title: Topic {t}\n    tracks: [{t}]\n")
    words = ("python data rust web async cache index query model graph stream "
             "parser compiler kernel network cloud tensor vector search").split()
    for s in range(n_speakers):
        with open(f"{out}/content/speakers/speaker-{s}.md", "w") as f:
            f.write(f"---\nname: Speaker {s}\naffiliation: Org {s % 97}\n---\n"
                    f"Speaker {s} works on {rng.choice(words)} and {rng.choice(words)}.\n")
    for t in range(n):
        speakers = sorted({rng.randrange(n_speakers) for _ in range(rng.choice([1, 1, 2]))})
        title = " ".join(rng.choice(words) for _ in range(5)).capitalize()
        abstract = " ".join(rng.choice(words) for _ in range(80))
        with open(f"{out}/content/talks/talk-{t}.md", "w") as f:
            f.write("---\n")
            f.write(f"title: \"{title} {t}\"\n")
            f.write(f"speakers: [{', '.join(f'speaker-{s}' for s in speakers)}]\n")
            f.write(f"track: {tracks[t % len(tracks)]}\n")
            f.write(f"level: {levels[t % 3]}\n")
            f.write(f"description: A talk about {rng.choice(words)} and {rng.choice(words)}.\n")
            f.write(f"tags: [{rng.choice(words)}, {rng.choice(words)}]\n")
            f.write("---\n")
            f.write(f"{abstract}\n\nA second paragraph with *emphasis* and `code`.\n")
    print(f"wrote {n} talks and {n_speakers} speakers into {out}")

if __name__ == "__main__":
    main()
