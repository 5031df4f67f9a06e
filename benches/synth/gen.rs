//! A deterministic generator of synthetic conference sites, for benchmarks and scaling tests.
//!
//! The same `Spec` always gives byte-identical files. It writes a talkgen site (`content/`) and,
//! when asked, the same content as a Hugo site (`hugo/`), so both generators can be timed on one
//! programme. Shared by `examples/synth.rs`, the criterion benches and `tests/testsuite/synth.rs` through
//! `#[path]`, because it is bench tooling and not part of the library.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub talks: usize,
    pub speakers: usize,
    pub tracks: usize,
    pub seed: u64,
}

impl Spec {
    /// The proportions of the issue's reference site (20,000 talks, 12,000 speakers, 500 tracks).
    pub fn scaled(talks: usize) -> Spec {
        Spec {
            talks,
            speakers: (talks * 3 / 5).max(1),
            tracks: (talks / 40).max(1),
            seed: 1,
        }
    }
}

/// SplitMix64: tiny, fast, and the same on every platform, which is all a generator needs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

const FIRST: &[&str] = &[
    "Ada", "Grace", "Wesley", "Katie", "Guido", "Raymond", "Brett", "Mariatta", "Carol", "Łukasz",
    "Yury", "Nina", "Jessica", "Paul", "Emily", "Amir", "Sofia", "Chen", "Priya", "Olusegun",
    "Hannah", "Mateo", "Aiko", "Dmitri", "Fatima", "Lars", "Zoë", "Kwame", "Ines", "Rahul", "Mei",
    "Jonas", "Camila", "Tomasz", "Leila", "Oskar", "Ana", "Hiroshi", "Elif",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Chun",
    "Cunningham",
    "van Rossum",
    "Hettinger",
    "Cannon",
    "Wijaya",
    "Willing",
    "Langa",
    "Selivanov",
    "Zakharenko",
    "McKellar",
    "Everett",
    "Jenkins",
    "Haddad",
    "Rossi",
    "Wang",
    "Patel",
    "Adeyemi",
    "Schmidt",
    "García",
    "Tanaka",
    "Ivanov",
    "Khan",
    "Nilsson",
    "O'Brien",
    "Mensah",
    "Ferreira",
    "Gupta",
    "Li",
    "Becker",
    "López",
    "Nowak",
    "Haddad",
    "Andersen",
    "Silva",
    "Sato",
    "Yılmaz",
];
const ORGS: &[&str] = &[
    "Google",
    "Microsoft",
    "Mozilla",
    "the Python Software Foundation",
    "a small consultancy",
    "CERN",
    "the University of Lagos",
    "Anaconda",
    "Red Hat",
    "an independent studio",
    "NASA",
    "a public broadcaster",
    "the city of Ghent",
    "a climate start-up",
    "Wikimedia",
];
const TOPICS: &[&str] = &[
    "memory model",
    "type hints",
    "async I/O",
    "packaging",
    "testing",
    "data pipelines",
    "web frameworks",
    "performance",
    "concurrency",
    "observability",
    "accessibility",
    "machine learning",
    "static analysis",
    "documentation",
    "security",
    "databases",
    "compilers",
    "embedded systems",
    "education",
    "open source governance",
    "caching",
    "search",
    "geospatial data",
    "scientific computing",
    "APIs",
    "release engineering",
];
const ADJ: &[&str] = &[
    "Practical",
    "Modern",
    "Fearless",
    "Gentle",
    "Advanced",
    "Pragmatic",
    "Scalable",
    "Honest",
    "Lightweight",
    "Reliable",
    "Incremental",
    "Hands-on",
    "Beyond",
    "Rethinking",
    "Everyday",
];
const FORMS: &[&str] = &[
    "{adj} {topic}",
    "{adj} {topic}: lessons from production",
    "{topic} in 45 minutes",
    "What I wish I knew about {topic}",
    "{adj} {topic} & {topic2}",
    "From zero to {topic}",
    "{topic} at scale",
    "The hidden cost of {topic}",
];
const WORDS: &[&str] = &[
    "we",
    "will",
    "look",
    "at",
    "how",
    "the",
    "team",
    "built",
    "a",
    "system",
    "that",
    "handles",
    "millions",
    "of",
    "requests",
    "every",
    "day",
    "and",
    "why",
    "simple",
    "tools",
    "won",
    "over",
    "clever",
    "ones",
    "this",
    "talk",
    "shows",
    "real",
    "code",
    "measurements",
    "mistakes",
    "trade-offs",
    "you",
    "can",
    "apply",
    "on",
    "Monday",
    "morning",
    "without",
    "rewriting",
    "everything",
    "from",
    "scratch",
    "along",
    "way",
    "learn",
    "where",
    "time",
    "goes",
    "which",
    "defaults",
    "matter",
    "what",
    "to",
    "measure",
    "first",
    "in",
    "our",
    "experience",
    "most",
    "problems",
    "are",
    "boring",
    "once",
    "understood",
    "library",
    "interpreter",
    "profile",
    "benchmark",
    "cache",
    "queue",
    "deploy",
    "schema",
    "index",
    "request",
    "response",
    "thread",
    "process",
    "garbage",
    "collector",
    "allocation",
    "latency",
    "throughput",
    "reader",
    "writer",
];
const TAGS: &[&str] = &[
    "python",
    "rust",
    "web",
    "data",
    "testing",
    "performance",
    "security",
    "community",
    "tooling",
    "cloud",
    "ml",
    "internals",
    "async",
    "databases",
    "education",
];
const ROOMS: &[&str] = &[
    "Robertson Auditorium",
    "Fisher Banquet Room",
    "Room A",
    "Room B",
    "Room C",
    "Room D",
    "Lab 1",
    "Lab 2",
    "Lecture Hall 1",
    "Lecture Hall 2",
    "Studio",
    "Gallery",
    "Atrium",
    "Room E",
    "Room F",
    "Room G",
    "Room H",
    "Library",
    "Workshop 1",
    "Workshop 2",
    "Hall North",
    "Hall South",
    "Terrace",
    "Cinema",
    "Room J",
];
/// Talks in one edition (a three-day event with every room full): days × rooms × slots a day.
const DAYS: usize = 3;
const SLOTS_PER_DAY: usize = 8;

/// One talk's place in the archive, derived from its index so slots never overlap in a room.
struct When {
    year: usize,
    month: usize,
    day: usize,
    hour: usize,
    room: &'static str,
}

fn when(i: usize) -> When {
    let per_room_day = SLOTS_PER_DAY;
    let per_day = per_room_day * ROOMS.len();
    let per_edition = per_day * DAYS;
    let edition = i / per_edition;
    let in_edition = i % per_edition;
    let day = in_edition / per_day;
    let in_day = in_edition % per_day;
    When {
        // Four editions a year (a conference series with regional events).
        year: 1990 + edition / 4,
        month: 2 + (edition % 4) * 3,
        day: 10 + day,
        // 09:00 .. 16:00 starts, 45 minutes each: one an hour, so never overlapping.
        hour: 9 + in_day / ROOMS.len(),
        room: ROOMS[in_day % ROOMS.len()],
    }
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 8 + rng.below(14);
    for w in 0..n {
        let word = rng.pick(WORDS);
        if w == 0 {
            let mut c = word.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            match rng.below(40) {
                0 => write!(out, "*{word}*").unwrap(),
                1 => write!(out, "`{word}()`").unwrap(),
                2 => write!(out, "**{word}**").unwrap(),
                _ => out.push_str(word),
            }
        }
    }
    out.push_str(". ");
}

fn paragraph(rng: &mut Rng, sentences: usize, out: &mut String) {
    for _ in 0..sentences {
        sentence(rng, out);
    }
    out.pop();
    out.push_str("\n\n");
}

/// A multi-paragraph Markdown abstract with the odd list and link, as real abstracts have.
fn abstract_md(rng: &mut Rng) -> String {
    let mut s = String::new();
    let paras = 2 + rng.below(3);
    for p in 0..paras {
        let n = 2 + rng.below(4);
        paragraph(rng, n, &mut s);
        if p == 0 && rng.chance(30) {
            s.push_str("You will learn:\n\n");
            for _ in 0..3 {
                s.push_str("- ");
                sentence(rng, &mut s);
                s.pop();
                s.push('\n');
            }
            s.push('\n');
        }
    }
    if rng.chance(25) {
        let t = rng.pick(TOPICS).replace(' ', "-");
        writeln!(
            s,
            "Slides and code: [the repository](https://example.org/{t})."
        )
        .unwrap();
    }
    s
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The slug talkgen itself makes of a name or title.
fn slugify(s: &str) -> String {
    talkgen::model::Slug::from_text(s).map_or_else(String::new, |s| s.as_str().to_owned())
}

struct SpeakerData {
    slug: String,
    name: String,
    affiliation: Option<String>,
    bio: String,
    website: bool,
}

struct TalkData {
    slug: String,
    title: String,
    speakers: Vec<usize>,
    track: usize,
    level: Option<&'static str>,
    description: Option<String>,
    tags: Vec<&'static str>,
    when: When,
    slotted: bool,
    abstract_: String,
    video: bool,
}

struct TrackData {
    slug: String,
    name: String,
    description: String,
}

struct Programme {
    speakers: Vec<SpeakerData>,
    talks: Vec<TalkData>,
    tracks: Vec<TrackData>,
}

fn programme(spec: &Spec) -> Programme {
    let mut rng = Rng::new(spec.seed);
    let tracks: Vec<TrackData> = (0..spec.tracks)
        .map(|i| {
            let topic = rng.pick(TOPICS);
            let name = format!("{} {} {}", rng.pick(ADJ), topic, i + 1);
            let mut description = String::new();
            let n = 1 + rng.below(2);
            paragraph(&mut rng, n, &mut description);
            TrackData {
                slug: slugify(&name),
                name,
                description: description.trim_end().to_owned(),
            }
        })
        .collect();
    let speakers: Vec<SpeakerData> = (0..spec.speakers)
        .map(|i| {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let slug = format!("{}-{}", slugify(&name), i + 1);
            let affiliation = rng.chance(70).then(|| rng.pick(ORGS).to_owned());
            let mut bio = String::new();
            for _ in 0..1 + rng.below(2) {
                let n = 2 + rng.below(3);
                paragraph(&mut rng, n, &mut bio);
            }
            SpeakerData {
                slug,
                name,
                affiliation,
                bio,
                website: rng.chance(50),
            }
        })
        .collect();
    let levels = ["beginner", "intermediate", "advanced"];
    let talks: Vec<TalkData> = (0..spec.talks)
        .map(|i| {
            let form = rng.pick(FORMS);
            let title = form
                .replace("{adj}", rng.pick(ADJ))
                .replace("{topic}", rng.pick(TOPICS))
                .replace("{topic2}", rng.pick(TOPICS));
            let mut title = title;
            if let Some(f) = title.chars().next() {
                title = f.to_uppercase().chain(title.chars().skip(1)).collect();
            }
            // Every speaker gets a talk (when there are enough talks), then 0–2 co-speakers.
            let mut speakers = vec![i % spec.speakers];
            for _ in 0..rng.below(3) {
                let s = rng.below(spec.speakers);
                if !speakers.contains(&s) {
                    speakers.push(s);
                }
            }
            let track = if i < spec.tracks {
                i
            } else {
                rng.below(spec.tracks)
            };
            let level = rng.chance(85).then(|| levels[rng.below(3)]);
            // Every talk has a summary: talkgen warns about talks without one.
            let description = {
                let mut d = String::new();
                sentence(&mut rng, &mut d);
                Some(d.trim_end().to_owned())
            };
            let mut tags = Vec::new();
            for _ in 0..rng.below(4) {
                let t = rng.pick(TAGS);
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            TalkData {
                slug: format!("{}-{}", slugify(&title), i + 1),
                title,
                speakers,
                track,
                level,
                description,
                tags,
                when: when(i),
                slotted: rng.chance(90),
                abstract_: abstract_md(&mut rng),
                video: rng.chance(40),
            }
        })
        .collect();
    Programme {
        speakers,
        talks,
        tracks,
    }
}

fn write_file(path: &Path, text: &str) -> io::Result<()> {
    let mut f = io::BufWriter::new(fs::File::create(path)?);
    f.write_all(text.as_bytes())?;
    f.flush()
}

/// Writes the talkgen site under `root` (`root/content/...`). `root` must not exist or be empty.
pub fn write_talkgen(spec: &Spec, root: &Path) -> io::Result<()> {
    let p = programme(spec);
    let content = root.join("content");
    fs::create_dir_all(content.join("speakers"))?;
    let mut conf = String::new();
    conf.push_str("name: SynthConf Archive\n");
    conf.push_str("tagline: \"Every talk of a long-running conference series\"\n");
    conf.push_str("timezone: Europe/Berlin\n");
    conf.push_str("venue: \"Various venues\"\n");
    conf.push_str(
        "description: |\n  A synthetic archive generated for benchmarks. *Not* a real event.\n",
    );
    conf.push_str("tracks:\n");
    for t in &p.tracks {
        writeln!(conf, "  - slug: {}", t.slug).unwrap();
        writeln!(conf, "    name: {}", yaml_str(&t.name)).unwrap();
        writeln!(conf, "    description: {}", yaml_str(&t.description)).unwrap();
    }
    write_file(&content.join("conference.yaml"), &conf)?;

    for s in &p.speakers {
        let mut f = String::from("---\n");
        writeln!(f, "name: {}", yaml_str(&s.name)).unwrap();
        if let Some(a) = &s.affiliation {
            writeln!(f, "affiliation: {}", yaml_str(a)).unwrap();
        }
        if s.website {
            writeln!(f, "links:\n  website: https://example.org/~{}", s.slug).unwrap();
        }
        f.push_str("---\n");
        f.push_str(&s.bio);
        write_file(&content.join("speakers").join(format!("{}.md", s.slug)), &f)?;
    }
    let mut made_years = std::collections::BTreeSet::new();
    for t in &p.talks {
        let w = &t.when;
        let dir = content.join("talks").join(w.year.to_string());
        if made_years.insert(w.year) {
            fs::create_dir_all(&dir)?;
        }
        let mut f = String::from("---\n");
        writeln!(f, "title: {}", yaml_str(&t.title)).unwrap();
        let names: Vec<&str> = t
            .speakers
            .iter()
            .map(|s| p.speakers[*s].slug.as_str())
            .collect();
        writeln!(f, "speakers: [{}]", names.join(", ")).unwrap();
        writeln!(f, "track: {}", p.tracks[t.track].slug).unwrap();
        if let Some(l) = t.level {
            writeln!(f, "level: {l}").unwrap();
        }
        if let Some(d) = &t.description {
            writeln!(f, "description: {}", yaml_str(d)).unwrap();
        }
        if !t.tags.is_empty() {
            writeln!(f, "tags: [{}]", t.tags.join(", ")).unwrap();
        }
        if t.slotted {
            writeln!(
                f,
                "slot:\n  start: {:04}-{:02}-{:02}T{:02}:00:00\n  end: {:04}-{:02}-{:02}T{:02}:45:00\n  room: {}",
                w.year, w.month, w.day, w.hour, w.year, w.month, w.day, w.hour, w.room
            )
            .unwrap();
        } else {
            writeln!(f, "date: {:04}-{:02}-{:02}", w.year, w.month, w.day).unwrap();
        }
        if t.video {
            writeln!(f, "video: https://video.example.org/{}", t.slug).unwrap();
        }
        f.push_str("---\n");
        f.push_str(&t.abstract_);
        write_file(&dir.join(format!("{}.md", t.slug)), &f)?;
    }
    Ok(())
}

/// The Hugo site's config: the taxonomies, and one custom output format per export talkgen
/// writes (`talks.json`, `feed.xml`, `schedule.ics`, `schedule.json`, `schedule.xml`,
/// `search-index.js` on the home page; `talk.ics` on a scheduled talk's page), rendered by the
/// templates in `benches/hugo/layouts/`. Plain-text formats, so the templates escape explicitly.
/// The page sizes, the schedule's one-page limit and the feed's length are talkgen's own
/// (`talkgen::layout`, `DEFAULT_FEED_LIMIT`), so both sites split their lists alike;
/// `relativeURLs` makes Hugo write every link in the HTML relative to the page, as talkgen does.
/// Hugo 0.111 also writes a `page/1/` redirect beside every paginated list, which it cannot be
/// told not to (`pagination.disableAliases` came in 0.128): `compare.sh` leaves those out when
/// it compares the two file lists.
fn hugo_config() -> String {
    let mut c = String::from(HUGO_CONFIG_HEAD);
    writeln!(c, "paginate = {}", talkgen::layout::TALKS_PER_PAGE).unwrap();
    c.push_str("\n[services.rss]\n");
    writeln!(c, "limit = {}", talkgen::model::DEFAULT_FEED_LIMIT).unwrap();
    c.push_str("\n[params]\n");
    c.push_str(HUGO_PARAMS);
    writeln!(
        c,
        "speakersPerPage = {}",
        talkgen::layout::SPEAKERS_PER_PAGE
    )
    .unwrap();
    writeln!(
        c,
        "scheduleOnePageMax = {}",
        talkgen::layout::SCHEDULE_ONE_PAGE_MAX
    )
    .unwrap();
    c.push_str(HUGO_CONFIG_TAIL);
    c
}

// `timeout`: the schedule's grid data of a 20,000-talk archive is one cached partial that takes
// Hugo minutes; its default 30 s per partial stopped the build.
const HUGO_CONFIG_HEAD: &str = r#"baseURL = "/"
relativeURLs = true
timeout = "3600s"
title = "SynthConf Archive"
timeZone = "Europe/Berlin"
disableKinds = ["RSS", "sitemap"]
enableRobotsTXT = true
"#;

/// `palette`: track colours by the track's place in `conference.yaml`, as the theme gives a
/// track without a `color` one from its palette.
const HUGO_PARAMS: &str = r##"tagline = "Every talk of a long-running conference series"
venue = "Various venues"
timezone = "Europe/Berlin"
palette = ["#1a73e8", "#c5221f", "#188038", "#8e24aa", "#e37400", "#007b83", "#b80672", "#5f6368"]
"##;

const HUGO_CONFIG_TAIL: &str = r#"
[taxonomies]
speaker = "speakers"
track = "tracks"
level = "levels"
tag = "tags"

# `updated`, DTSTAMP and LAST-MODIFIED come from the file's time, as in talkgen.
[frontmatter]
lastmod = [":fileModTime"]

[mediaTypes."application/atom+xml"]
suffixes = ["xml"]

[outputs]
home = ["html", "talksjson", "atom", "scheduleics", "schedulejson", "schedulexml", "searchindex"]

[outputFormats.talksjson]
mediaType = "application/json"
baseName = "talks"
isPlainText = true
notAlternative = true

[outputFormats.atom]
mediaType = "application/atom+xml"
baseName = "feed"
isPlainText = true
notAlternative = true

[outputFormats.scheduleics]
mediaType = "text/calendar"
baseName = "schedule"
isPlainText = true
notAlternative = true

[outputFormats.talkics]
mediaType = "text/calendar"
baseName = "talk"
isPlainText = true
notAlternative = true

[outputFormats.schedulejson]
mediaType = "application/json"
baseName = "schedule"
isPlainText = true
notAlternative = true

[outputFormats.schedulexml]
mediaType = "application/xml"
baseName = "schedule"
isPlainText = true
notAlternative = true

[outputFormats.searchindex]
mediaType = "text/javascript"
baseName = "search-index"
isPlainText = true
notAlternative = true
"#;

/// Writes the same programme as a Hugo site under `root` (config + `content/`). Speakers,
/// tracks and levels are taxonomies whose term pages carry the bio or description, which is how
/// a Hugo site models "one page per speaker listing their talks".
pub fn write_hugo(spec: &Spec, root: &Path) -> io::Result<()> {
    let p = programme(spec);
    let content = root.join("content");
    fs::create_dir_all(content.join("talks"))?;
    write_file(&root.join("config.toml"), &hugo_config())?;
    write_file(
        &content.join("_index.md"),
        "---\ntitle: SynthConf Archive\n---\nA synthetic archive generated for benchmarks. *Not* a real event.\n",
    )?;
    fs::create_dir_all(root.join("static"))?;
    write_file(
        &root.join("static/style.css"),
        include_str!("../../src/theme/style.css"),
    )?;
    // The two static files talkgen copies out of itself (the schema and the search script).
    write_file(
        &root.join("static/talks.schema.json"),
        include_str!("../../docs/talks.schema.json"),
    )?;
    write_file(
        &root.join("static/search.js"),
        include_str!("../../src/exports/search/search.js"),
    )?;
    // The header box's loader, on every page (the Hugo site still models the index as one
    // file, `search-index.js`, not talkgen's folder of chunks).
    write_file(
        &root.join("static/search-box.js"),
        include_str!("../../src/exports/search/search-box.js"),
    )?;
    // The theme's script and the favicon talkgen draws when the site names none.
    write_file(
        &root.join("static/theme.js"),
        include_str!("../../src/theme/theme.js"),
    )?;
    write_file(
        &root.join("static/planner.js"),
        include_str!("../../src/theme/planner.js"),
    )?;
    write_file(
        &root.join("static/favicon.svg"),
        &talkgen::colors::favicon_svg(None),
    )?;
    // The offline files (docs/offline.md) as static copies: Hugo has no service worker of its
    // own; the worker and its list stand in with their sizes' order of magnitude.
    write_file(
        &root.join("static/offline.js"),
        talkgen::exports::offline::REGISTER_JS,
    )?;
    write_file(
        &root.join("static/sw.js"),
        talkgen::exports::offline::UNREGISTER_WORKER,
    )?;
    for name in ["manifest.webmanifest", "sw-precache.json"] {
        write_file(&root.join("static").join(name), "{}\n")?;
    }
    write_file(
        &root.join("static/offline.html"),
        "<!DOCTYPE html><title>Offline</title><h1>You are offline</h1>\n",
    )?;
    // Pages talkgen writes that no content file stands for: a section page with its own layout.
    for (section, title) in [
        ("schedule", "Schedule"),
        ("search", "Search"),
        ("agenda", "My agenda"),
    ] {
        fs::create_dir_all(content.join(section))?;
        write_file(
            &content.join(section).join("_index.md"),
            &format!("---\ntitle: {title}\n---\n"),
        )?;
    }
    // The all-talks index `talks/`, a page at a time (the section's list page).
    write_file(
        &content.join("talks/_index.md"),
        "---\ntitle: All talks\n---\n",
    )?;
    // A large programme's schedule has a page per conference day (`schedule/<date>/`), as
    // talkgen splits it (`layout::schedule_split`): one content file per day, since Hugo 0.111
    // makes pages only from content.
    let slotted: Vec<&TalkData> = p.talks.iter().filter(|t| t.slotted).collect();
    if slotted.len() > talkgen::layout::SCHEDULE_ONE_PAGE_MAX {
        let days: std::collections::BTreeSet<(usize, usize, usize)> = slotted
            .iter()
            .map(|t| (t.when.year, t.when.month, t.when.day))
            .collect();
        for (y, m, d) in days {
            write_file(
                &content
                    .join("schedule")
                    .join(format!("{y:04}-{m:02}-{d:02}.md")),
                &format!("---\ntitle: Schedule\nday: \"{y:04}-{m:02}-{d:02}\"\n---\n"),
            )?;
        }
    }
    for s in &p.speakers {
        let dir = content.join("speakers").join(&s.slug);
        fs::create_dir_all(&dir)?;
        let mut f = String::from("---\n");
        writeln!(f, "title: {}", yaml_str(&s.name)).unwrap();
        if let Some(a) = &s.affiliation {
            writeln!(f, "affiliation: {}", yaml_str(a)).unwrap();
        }
        if s.website {
            writeln!(f, "links:\n  website: https://example.org/~{}", s.slug).unwrap();
        }
        f.push_str("---\n");
        f.push_str(&s.bio);
        write_file(&dir.join("_index.md"), &f)?;
    }
    for (i, t) in p.tracks.iter().enumerate() {
        let dir = content.join("tracks").join(&t.slug);
        fs::create_dir_all(&dir)?;
        let f = format!(
            "---\ntitle: {}\nindex: {i}\n---\n{}\n",
            yaml_str(&t.name),
            t.description
        );
        write_file(&dir.join("_index.md"), &f)?;
    }
    for l in ["beginner", "intermediate", "advanced"] {
        let dir = content.join("levels").join(l);
        fs::create_dir_all(&dir)?;
        let mut name = l.to_owned();
        name[..1].make_ascii_uppercase();
        write_file(
            &dir.join("_index.md"),
            &format!("---\ntitle: {name}\n---\n"),
        )?;
    }
    for t in &p.talks {
        let w = &t.when;
        let mut f = String::from("---\n");
        writeln!(f, "title: {}", yaml_str(&t.title)).unwrap();
        let names: Vec<&str> = t
            .speakers
            .iter()
            .map(|s| p.speakers[*s].slug.as_str())
            .collect();
        writeln!(f, "speakers: [{}]", names.join(", ")).unwrap();
        writeln!(f, "tracks: [{}]", p.tracks[t.track].slug).unwrap();
        if let Some(l) = t.level {
            writeln!(f, "levels: [{l}]").unwrap();
        }
        if let Some(d) = &t.description {
            writeln!(f, "description: {}", yaml_str(d)).unwrap();
        }
        if !t.tags.is_empty() {
            writeln!(f, "tags: [{}]", t.tags.join(", ")).unwrap();
        }
        writeln!(
            f,
            "date: {:04}-{:02}-{:02}T{:02}:00:00",
            w.year,
            w.month,
            w.day,
            if t.slotted { w.hour } else { 0 }
        )
        .unwrap();
        if t.slotted {
            writeln!(
                f,
                "slot:\n  start: {:04}-{:02}-{:02}T{:02}:00:00\n  end: {:04}-{:02}-{:02}T{:02}:45:00\n  room: {}",
                w.year, w.month, w.day, w.hour, w.year, w.month, w.day, w.hour, w.room
            )
            .unwrap();
            // Hugo chooses outputs per page in front matter: a scheduled talk also gets its
            // `talk.ics`, as in talkgen.
            f.push_str("outputs: [html, talkics]\n");
        }
        if t.video {
            writeln!(f, "video: https://video.example.org/{}", t.slug).unwrap();
        }
        f.push_str("---\n");
        f.push_str(&t.abstract_);
        write_file(&content.join("talks").join(format!("{}.md", t.slug)), &f)?;
    }
    Ok(())
}
