{{- /* search-index.js: what talkgen's search.js reads: per talk the title, URL, speakers, track,
       level, tags and the distinct words of the description and abstract. */ -}}
/* talkgen search index */
window.TALKGEN_SEARCH = {"talks":[
{{- range $i, $p := where site.RegularPages "Section" "talks" -}}
  {{- $d := partialCached "talkdata.html" . .File.Path -}}
  {{- $speakers := slice -}}{{- range $d.speakers -}}{{- $speakers = $speakers | append .Title -}}{{- end -}}
  {{- $tags := slice -}}{{- range $d.tags -}}{{- $tags = $tags | append .name -}}{{- end -}}
  {{- $text := printf "%s %s" $d.summary .Plain | lower -}}
  {{- $words := findRE `[\p{L}\p{N}]{2,}` $text | uniq | sort -}}
  {{- $track := index (dict "v" nil) "v" -}}{{- with $d.track -}}{{- $track = .Title -}}{{- end -}}
  {{- $level := index (dict "v" nil) "v" -}}{{- with $d.level -}}{{- $level = .Title -}}{{- end -}}
  {{- if $i }},{{ end }}{{ dict "title" .Title "url" .RelPermalink "speakers" $speakers
      "track" $track "level" $level
      "tags" $tags "words" (delimit $words " ") | jsonify (dict "noHTMLEscape" true) }}
{{- end -}}
]};
