"""Notice / Alignment -> the rows each command shows (plain data, no rendering)."""

from __future__ import annotations

from hrcli.output.render import Styled, View, shorten
from hrcli.schema import Notice, Task

LIST_COLUMNS = ["region", "name", "level", "province", "years", "issuer", "date", "tasks", "warnings"]
SHOW_COLUMNS = ["id", "number", "label", "section", "title", "lead", "departments", "targets"]


def notice_date(notice: Notice) -> str:
    """The date people cite a notice by: signed, else printed, else published."""
    for key in ("signed", "printed", "published"):
        if key in notice.dates:
            return notice.dates[key]
    return ""


def list_view(notices: list[Notice], names: dict[str, dict[str, str | None]]) -> View:
    """One row per region of the corpus."""
    rows = []
    for notice in notices:
        extra = names.get(notice.region, {})
        rows.append({
            "region": notice.region,
            "name": extra.get("name") or notice.place,
            "level": notice.level,
            "province": extra.get("province"),
            "years": notice.years_label(),
            "issuer": notice.issuer,
            "date": notice_date(notice),
            "tasks": len(notice.tasks),
            "warnings": len(notice.warnings),
        })
    return View(LIST_COLUMNS, rows, title="Notices in the corpus")


def department_names(task: Task) -> list[str]:
    """Departments in the order given, inherited ones marked with *."""
    return [d.name + ("*" if d.inherited else "") for d in task.departments]


def show_view(notice: Notice) -> View:
    """Every task of a notice; JSON/YAML get the full schema."""
    sections = {section.number: section for section in notice.sections}
    rows = []
    for task in notice.tasks:
        section = sections.get(task.section) if task.section is not None else None
        rows.append({
            "id": task.id,
            "number": task.number,
            "label": task.label,
            "section": f"{section.label}{section.title}" if section else "",
            "title": task.title,
            "lead": task.lead,
            "departments": department_names(task),
            "targets": [target.text for target in task.targets],
        })
    title = f"{notice.region}: {notice.title or 'untitled'} ({notice.years_label()}, {notice.issuer or 'issuer not stated'})"
    document = notice.to_dict()
    # jsonl: each task as the JSON gives it, with its region (lines of several notices can be joined).
    records = [{"region": notice.region, **task} for task in document["tasks"]]
    return View(SHOW_COLUMNS, rows, document=document, title=title, records=records)


def parse_view(notice: Notice) -> View:
    """The full schema of one notice (the rows are its tasks, for the flat formats)."""
    view = show_view(notice)
    view.title = None
    return view


def task_record(task: Task) -> dict:
    """A task as the compare JSON contract gives it (id, number, title and more)."""
    return {
        "id": task.id,
        "number": task.number,
        "label": task.label,
        "title": task.title,
        "text": task.text,
        "section": task.section,
        "lead": task.lead,
        "departments": [d.name for d in task.departments],
        "topics": list(task.topics),
        "targets": [
            {"measure": t.measure, "comparator": t.comparator, "value": t.value, "unit": t.unit, "text": t.text, "deadline": t.deadline}
            for t in task.targets
        ],
    }


# What the colours of the compact compare table mean (README "Reading a comparison"): a style per kind of label
# (output/labels.py, which the HTML report and the workbook colour by too).
KIND_STYLES = {"same": "green", "differs": "yellow", "partial": "magenta", "related": "cyan", "only": "dim"}
STRONG_SCORE, WEAK_SCORE = 0.35, 0.22  # scores of the shipped matching.yaml (threshold 0.16)
MEASURE_WIDTH = 18  # terminal cells of a differing target's measure under the label
COMPARE_LEGEND = (f"match: green same measure, yellow same measure but the lead or targets differ, magenta split topic, "
                  f"cyan related, dim only one region; score: bold {STRONG_SCORE:.2f}+, dim below {WEAK_SCORE:.2f}; "
                  f"≈0.19 (十二)…: an unmatched task's nearest candidate in that region")


def compare_view(alignment, wide: bool = False, scope: str = "", whole=None) -> View:
    """One row per group of corresponding tasks; flat columns per region for CSV/TSV, nested JSON.

    The terminal gets the compact table (one line per row where it can), or with `wide` the full wrapped one.
    When a filter kept some rows, `whole` is the full alignment (the title sums it up) and `scope` says which.
    """
    regions = alignment.regions
    columns = ["status", "score", "label", "why"]
    for region in regions:
        columns += [f"{region}_task", f"{region}_title", f"{region}_lead", f"{region}_departments"]
    columns += ["target_differences", "pairs", "nearest"]
    numbers = _pair_tasks(alignment)
    rows, records = [], []
    for row in alignment.rows:
        flat = {"status": row.status, "score": row.score, "label": row.label, "why": row.why}
        for region in regions:
            tasks = row.tasks[region]
            flat[f"{region}_task"] = [t.label for t in tasks]
            flat[f"{region}_title"] = [t.title for t in tasks]
            flat[f"{region}_lead"] = [t.lead or "" for t in tasks]
            flat[f"{region}_departments"] = [d for t in tasks for d in department_names(t)]
        flat["target_differences"] = [difference_text(difference, regions) for difference in row.target_differences]
        flat["pairs"] = [pair_text(pair, numbers) for pair in row.pairs]
        flat["nearest"] = nearest_lines(row, with_region=True)
        rows.append(flat)
        records.append({
            "status": row.status, "score": row.score, "label": row.label, "why": row.why,
            "tasks": {region: [task_record(t) for t in row.tasks[region]] for region in regions},
            "target_differences": row.target_differences,
            "pairs": [pair_record(pair, numbers) for pair in row.pairs], "nearest": row.nearest,
        })
    title = f"{' vs '.join(regions)}: {_summary(whole or alignment)}{scope}"
    display = _wide_display(alignment, title) if wide else _compact_display(alignment, title)
    document = {"regions": regions, "rows": records}
    return View(columns, rows, document=document, display=display, records=records)


def match_text(row) -> str:
    """What a row is: its label, or "only in REGION"."""
    return row.label if row.status == "matched" else f"only in {row.status[len('only_'):]}"


def _wide_display(alignment, title: str) -> View:
    """The full table: whole titles wrapped, the differing targets under the label, the shared terms.

    An unmatched task's nearest candidate in each other region is dimmed in that region's column; a row of several
    pairs lists each pair's score.
    """
    regions, display_rows = alignment.regions, []
    numbers = _pair_tasks(alignment)
    for row in alignment.rows:
        shown = {region: [f"{t.label}{t.title}" for t in row.tasks[region]] for region in regions}
        shown.update({region: [Styled(line, "dim")] for region, line in _nearest_cells(row).items()})
        match = "\n".join([match_text(row), *(difference_text(d, regions) for d in row.target_differences)])
        display_rows.append({**shown, "score": _pair_scores(row, numbers, regions) or row.score, "match": match, "why": row.why})
    return View([*regions, "score", "match", "why"], display_rows, title=title)


def _pair_tasks(alignment) -> dict:
    """Task id -> (region, task) for every task in the alignment's rows."""
    return {task.id: (region, task) for row in alignment.rows for region in alignment.regions for task in row.tasks[region]}


def _pair_scores(row, numbers: dict, regions: list[str]) -> list[str]:
    """Each pair's score when a row holds several ("(一)–(八) 0.20"; named by region beyond two regions), else []."""
    if len(row.pairs) < 2:
        return []
    return [pair_text(pair, numbers, "labels" if len(regions) == 2 else "regions") for pair in row.pairs]


def _nearest_cells(row) -> dict[str, str]:
    """An unmatched row's hint per other region: "nearest: (十二)提升医疗服务能力 0.192, no reform area in common"."""
    return {region: "\n".join(f"nearest: {c['label']}{c['title']} {c['score']:.3f}, {c['reason']}" for c in found)
            for region, found in row.nearest.items()}


def nearest_lines(row, with_region: bool = False) -> list[str]:
    """An unmatched row's nearest candidates as text: "qinghai (十二)提升医疗服务能力 0.192 (no reform area in common)"."""
    return [f"{region + ' ' if with_region else ''}{c['label']}{c['title']} {c['score']:.3f} ({c['reason']})"
            for region, found in row.nearest.items() for c in found]


def pair_record(pair: dict, numbers: dict) -> dict:
    """One linked pair of a row as JSON: {"linfen": 8, "nanchang": 4, "ids": [...], "score", "label", "why"}."""
    (region_a, a), (region_b, b) = numbers[pair["a"]], numbers[pair["b"]]
    return {region_a: a.number, region_b: b.number, "ids": [pair["a"], pair["b"]], "score": pair["score"],
            "label": pair["label"], "why": pair["why"]}


def pair_text(pair: dict, numbers: dict, short: str = "") -> str:
    """One linked pair as text: "linfen (八) – nanchang (四) 0.41 same measure".

    short="labels": "(八)–(四) 0.41"; short="regions": "linfen(八)–nanchang(四) 0.41".
    """
    (region_a, a), (region_b, b) = numbers[pair["a"]], numbers[pair["b"]]
    if short == "labels":
        return f"{a.label}–{b.label} {pair['score']:.2f}"
    if short == "regions":
        return f"{region_a}{a.label}–{region_b}{b.label} {pair['score']:.2f}"
    return f"{region_a} {a.label} – {region_b} {b.label} {pair['score']:.2f} {pair['label']}"


def _compact_display(alignment, title: str) -> View:
    """One line per row where it can: titles cut to fit, the leads or targets shown only where they differ."""
    regions = alignment.regions
    numbers = _pair_tasks(alignment)
    display_rows = [_compact_row(row, regions, numbers) for row in alignment.rows]
    return View([*regions, "score", "match", "why"], display_rows, title=title, compact=True,
                flexible=list(regions), spare=["why"], legend=COMPARE_LEGEND)


def _compact_row(row, regions: list[str], numbers: dict) -> dict:
    """One row of the compact table: a line per task, then a line for the leads and one per differing target."""
    depth = max(len(row.tasks[region]) for region in regions)
    about_lead = "lead" in row.label
    cells: dict = {}
    for region in regions:
        tasks = row.tasks[region]
        lines: list = [f"{t.label}{t.title}" for t in tasks] + [""] * (depth - len(tasks))
        if about_lead:
            lines.append(Styled("lead " + "; ".join(t.lead or "?" for t in tasks), "yellow") if tasks else "")
        lines += [Styled(difference.get(region, ""), "yellow") for difference in row.target_differences]
        cells[region] = lines
    for region, found in row.nearest.items():  # an unmatched task: its closest candidate there, dimmed, score first
        cells[region] = [Styled(f"≈{c['score']:.2f} {c['label']}{c['title']}", "dim") for c in found]
    style = _label_style(row)
    match: list = [Styled(short_label(match_text(row)), style)] + [""] * (depth - 1) + ([""] if about_lead else [])
    # The measure is a whole phrase (DRG付费的医保基金占…的比例): cut to a label's width, so the titles keep theirs.
    match += [Styled(shorten(difference["measure"], MEASURE_WIDTH), "dim") for difference in row.target_differences]
    score = Styled(f"{row.score:.2f}", _score_style(row.score)) if row.score is not None else ""
    split = _split_scores(row, regions, numbers)
    return {**cells, "score": split or score, "match": match, "why": Styled(row.why, "dim")}


def _split_scores(row, regions: list[str], numbers: dict) -> list:
    """A two-region row with a split topic: each task of the split side's pair score, on that task's line."""
    if len(regions) != 2 or len(row.pairs) < 2:
        return []
    split = next(region for region in regions if len(row.tasks[region]) > 1)
    by_task = {numbers[pair["b"] if numbers[pair["b"]][0] == split else pair["a"]][1].id: pair["score"] for pair in row.pairs}
    return [Styled(f"{by_task[task.id]:.2f}", _score_style(by_task[task.id])) for task in row.tasks[split]]


def short_label(label: str) -> str:
    """A label as the compact table words it: "different lead", "split topic", "only in qinghai"."""
    return label.replace("same measure, ", "").replace("partial: ", "")


def _label_style(row) -> str:
    """The colour of a row's label: what kind of match it is."""
    from hrcli.output.labels import label_kind

    return KIND_STYLES.get(label_kind(match_text(row)) or "", "")


def _score_style(score: float) -> str:
    """Bold for a strong score, dim for a weak one."""
    return "bold" if score >= STRONG_SCORE else "dim" if score < WEAK_SCORE else ""


def difference_text(difference: dict[str, str], regions: list[str]) -> str:
    """One differing target as a line: "measure: linfen 达90%以上 / qinghai 达95%以上"."""
    values = " / ".join(f"{region} {difference[region]}" for region in regions if region in difference)
    return f"{difference['measure']}: {values}"


def targets_view(regions: list[str], lines) -> View:
    """Targets of corresponding tasks side by side, one line per measure; flagged where the values differ."""
    columns = ["status", "measure", "comparison"] + [f"{region}_{name}" for region in regions for name in ("task", "target")]
    rows, records, display_rows = [], [], []
    for row, line in lines:
        flat = {"status": row.status, "measure": line.measure, "comparison": line.comparison}
        record = {"status": row.status, "measure": line.measure, "comparison": line.comparison, "targets": {}}
        for region in regions:
            task, target = line.cells.get(region, (None, None))
            flat[f"{region}_task"] = task.label if task else ""
            flat[f"{region}_target"] = target.text if target else ""
            if task:
                record["targets"][region] = {
                    "task": task.number, "label": task.label, "title": task.title, "target": target.text,
                    "comparator": target.comparator, "value": target.value, "unit": target.unit, "deadline": target.deadline,
                }
        rows.append(flat)
        records.append(record)
        display_rows.append({
            "measure": line.measure,
            **{region: f"{flat[f'{region}_task']} {flat[f'{region}_target']}".strip() for region in regions},
            "comparison": line.comparison,
        })
    differing = sum(1 for _, line in lines if line.differs)
    title = f"Targets of {' vs '.join(regions)}: {len(lines)} measures, {differing} set differently"
    display = View(["measure", *regions, "comparison"], display_rows, title=title, styles={"comparison": "bold"})
    return View(columns, rows, document={"regions": regions, "rows": records}, display=display, records=records)


def _summary(alignment) -> str:
    matched = sum(1 for row in alignment.rows if row.status == "matched")
    only = {region: sum(1 for row in alignment.rows if row.status == f"only_{region}") for region in alignment.regions}
    return f"{matched} matched rows; " + ", ".join(f"{n} only in {region}" for region, n in only.items())


EVAL_COLUMNS = ["gold", "precision", "recall", "f1", "predicted", "core", "related", "missed_core", "not_in_gold"]


def eval_view(scores) -> View:
    """One row per gold file, and their macro average when there are several."""
    rows = []
    for score in scores:
        rows.append({
            "gold": score.gold.path.name,
            "precision": round(score.precision, 3),
            "recall": round(score.recall, 3),
            "f1": round(score.f1, 3),
            "predicted": len(score.predicted),
            "core": len(score.gold.core),
            "related": len(score.gold.related),
            "missed_core": [f"{a}-{b}" for a, b in score.missed],
            "not_in_gold": [f"{a}-{b}" for a, b in score.wrong],
        })
    if len(scores) > 1:
        def mean(key):
            return round(sum(getattr(s, key) for s in scores) / len(scores), 3)
        rows.append({"gold": "macro average", "precision": mean("precision"), "recall": mean("recall"), "f1": mean("f1"),
                     "predicted": sum(len(s.predicted) for s in scores), "core": sum(len(s.gold.core) for s in scores),
                     "related": sum(len(s.gold.related) for s in scores), "missed_core": [], "not_in_gold": []})
    return View(EVAL_COLUMNS, rows, title="Alignment against gold")


def topics_view(notices: list[Notice], taxonomy) -> View:
    """A coverage map: one row per topic, one column per region, each cell the task numbers that cover it."""
    regions = [notice.region for notice in notices]
    rows = []
    for topic in taxonomy.topics:
        row = {"topic": topic.key, "zh": topic.zh, "en": topic.en}
        for notice in notices:
            row[notice.region] = [task.label for task in notice.tasks if topic.key in task.topics]
        rows.append(row)
    unassigned = {"topic": "(none)", "zh": "(未归类)", "en": "tasks that fit no topic"}
    for notice in notices:
        unassigned[notice.region] = [task.label for task in notice.tasks if not task.topics]
    rows.append(unassigned)
    covered = sum(1 for row in rows[:-1] if all(row[r] for r in regions))
    display_rows = [{"topic": row["zh"], **{r: row[r] for r in regions}, "in English": row["en"]} for row in rows]
    display = View(["topic", *regions, "in English"], display_rows, heat=regions, styles={"in English": "dim"},
                   title=f"Topic coverage: {covered} of {len(rows) - 1} topics covered by every region; cells are the tasks")
    return View(["topic", "zh", "en", *regions], rows, display=display)


def departments_view(matrix: list[dict], regions: list[str]) -> View:
    """Department x region: tasks each department leads and shares."""
    columns = ["department", "zh", "en"] + [f"{r}_{role}" for r in regions for role in ("lead", "shared")]
    display_rows = [
        {"department": f"{row['zh']}\n{row['en']}".strip(),
         **{r: f"leads {row[f'{r}_lead']}, shares {row[f'{r}_shared']}" if row[f"{r}_lead"] or row[f"{r}_shared"] else "" for r in regions}}
        for row in matrix
    ]
    display = View(["department", *regions], display_rows, title="Departments: tasks led and shared per region")
    return View(columns, matrix, display=display)


DEPARTMENT_TASK_COLUMNS = ["region", "id", "task", "title", "role", "lead"]


def department_tasks_view(found: list[tuple[str, Task, str]], department: str) -> View:
    """The tasks one department leads or shares, region by region."""
    rows = [{"region": region, "id": task.id, "task": task.label, "title": task.title, "role": role, "lead": task.lead}
            for region, task, role in found]
    return View(DEPARTMENT_TASK_COLUMNS, rows, title=f"Tasks of {department}")


SEARCH_COLUMNS = ["rank", "score", "region", "task", "title", "lead", "why"]
# The shared key terms are written one way in every command and flat format (compare's `why` contract);
# JSON gives search's and --against's as a list.
WHY_SEPARATOR = ", "


def why_text(terms) -> str:
    """Shared key terms as one cell: "DRG付费, 30%"."""
    return WHY_SEPARATOR.join(terms)


def hit_record(rank: int, hit) -> dict:
    """A task found by search or compare --against (index.Hit), as its JSON gives it."""
    return {"rank": rank, "score": round(hit.score, 3), "region": hit.region, "id": hit.id, "number": hit.number,
            "task": hit.label, "title": hit.title, "lead": hit.lead, "why": list(hit.why)}


def search_view(query: str, hits: list, notices: int) -> View:
    """The tasks closest to a query, best first; JSON adds the query and the number of notices searched."""
    hits = [hit_record(rank, hit) for rank, hit in enumerate(hits, 1)]
    rows = [{**hit, "why": why_text(hit["why"])} for hit in hits]
    document = {"query": query, "notices": notices, "hits": hits}
    return View(SEARCH_COLUMNS, rows, document=document, records=hits, title=f"Tasks closest to {query!r} among {notices:,} notices")


AGAINST_COLUMNS = ["task", "title", "rank", "score", "region", "match_task", "match_title", "match_lead", "why"]


def against_view(notice: Notice, ranked: list, against: list[str] | None, notices: int) -> View:
    """compare REGION --against: one line per task of the region and match (a task without any: one line)."""
    rows, records, display_rows = [], [], []
    for task, hits in ranked:
        matches = [hit_record(rank, hit) for rank, hit in enumerate(hits, 1)]
        records.append({"task": task_record(task), "matches": matches})
        own = {"task": task.label, "title": task.title, "id": task.id, "number": task.number}
        for match in matches or [None]:
            found = {} if match is None else {
                "rank": match["rank"], "score": match["score"], "region": match["region"], "match_id": match["id"],
                "match_number": match["number"], "match_task": match["task"], "match_title": match["title"],
                "match_lead": match["lead"], "why": why_text(match["why"]),
            }
            rows.append({**own, **found})
            display_rows.append({
                "task": f"{task.label}{task.title}" if match is None or match["rank"] == 1 else "",
                "rank": found.get("rank"), "score": found.get("score"), "region": found.get("region"),
                "match": f"{match['task']}{match['title']}" if match else "", "why": found.get("why", ""),
            })
    scope = "every other notice" if against is None else ", ".join(against)
    title = f"{notice.region} against {scope} ({notices:,} notices in the corpus): the closest tasks of each task"
    display = View(["task", "rank", "score", "region", "match", "why"], display_rows, title=title)
    document = {"region": notice.region, "against": "all" if against is None else against, "notices": notices, "rows": records}
    return View(AGAINST_COLUMNS, rows, document=document, display=display, records=records, title=title)
