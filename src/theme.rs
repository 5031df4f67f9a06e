//! The built-in theme, embedded in the binary: the templates `render` parses first (a site's
//! `templates/` replaces them one by one), and the files written at the output root.

/// The built-in theme: `(template name, source)`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("theme/templates/base.html")),
    ("index.html", include_str!("theme/templates/index.html")),
    ("page.html", include_str!("theme/templates/page.html")),
    ("talk.html", include_str!("theme/templates/talk.html")),
    (
        "speakers.html",
        include_str!("theme/templates/speakers.html"),
    ),
    ("speaker.html", include_str!("theme/templates/speaker.html")),
    ("tracks.html", include_str!("theme/templates/tracks.html")),
    ("track.html", include_str!("theme/templates/track.html")),
    ("levels.html", include_str!("theme/templates/levels.html")),
    ("level.html", include_str!("theme/templates/level.html")),
    ("404.html", include_str!("theme/templates/404.html")),
    (
        "schedule.html",
        include_str!("theme/templates/schedule.html"),
    ),
    ("search.html", include_str!("theme/templates/search.html")),
    ("tags.html", include_str!("theme/templates/tags.html")),
    ("tag.html", include_str!("theme/templates/tag.html")),
    ("agenda.html", include_str!("theme/templates/agenda.html")),
    (
        "partials/star.html",
        include_str!("theme/templates/partials/star.html"),
    ),
    (
        "partials/live_filters.html",
        include_str!("theme/templates/partials/live_filters.html"),
    ),
    ("talks.html", include_str!("theme/templates/talks.html")),
    ("article.html", include_str!("theme/templates/article.html")),
    ("changes.html", include_str!("theme/templates/changes.html")),
    (
        "partials/change_mark.html",
        include_str!("theme/templates/partials/change_mark.html"),
    ),
    (
        "partials/change_badge.html",
        include_str!("theme/templates/partials/change_badge.html"),
    ),
    (
        "partials/paginator.html",
        include_str!("theme/templates/partials/paginator.html"),
    ),
    (
        "partials/filters.html",
        include_str!("theme/templates/partials/filters.html"),
    ),
    (
        "partials/header.html",
        include_str!("theme/templates/partials/header.html"),
    ),
    (
        "partials/footer.html",
        include_str!("theme/templates/partials/footer.html"),
    ),
    (
        "partials/talk_full.html",
        include_str!("theme/templates/partials/talk_full.html"),
    ),
    (
        "partials/talk_item.html",
        include_str!("theme/templates/partials/talk_item.html"),
    ),
    (
        "partials/subscribe.html",
        include_str!("theme/templates/partials/subscribe.html"),
    ),
    (
        "partials/subscribe_item.html",
        include_str!("theme/templates/partials/subscribe_item.html"),
    ),
    (
        "partials/calendar_links.html",
        include_str!("theme/templates/partials/calendar_links.html"),
    ),
    (
        "partials/avatar.html",
        include_str!("theme/templates/partials/avatar.html"),
    ),
    (
        "partials/count.html",
        include_str!("theme/templates/partials/count.html"),
    ),
];

/// Files of the built-in theme written to the output root (a file in `static/` replaces them).
pub const FILES: &[(&str, &str)] = &[
    (crate::layout::STYLE_CSS, include_str!("theme/style.css")),
    (crate::layout::THEME_JS, include_str!("theme/theme.js")),
    (crate::layout::PLANNER_JS, include_str!("theme/planner.js")),
];
