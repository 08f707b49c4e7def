"""Notices -> Alignment: score every pair of tasks, link the best, group linked tasks into rows.

Method (chosen by measurement, see README "How matching works"):
  score = (1 - topic_weight) * cos(tf-idf of character n-grams) + topic_weight * cos(topic profiles)
Character n-grams need no word segmenter (Chinese has no spaces); idf comes from every notice of
the corpus, so words every notice uses weigh little; synonyms are folded and boilerplate blanked
first. Two tasks are linked when the score reaches the threshold and is the best (or within
`relative_threshold` of the best) for either task. Linked tasks form a row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from hrcli.align import features
from hrcli.analyse.targets import line_up_targets
from hrcli.analyse.topics import Taxonomy
from hrcli.config import Matching
from hrcli.parse.normalize import Normalizer, place_names
from hrcli.schema import Alignment, Link, Notice, Row, Task

NUMBER_TERM = re.compile(r"\d+(?:\.\d+)?\s*(?:%|个|种|所|倍|家|项|类)")


class Matcher:
    """Scores tasks against each other with idf taken from a reference set of notices."""

    def __init__(self, settings: Matching, taxonomy: Taxonomy, reference: Sequence[Notice]):
        self._setup(settings, taxonomy, place_names(*(notice.place for notice in reference)))
        document_frequency: Counter = Counter()
        unique = {notice.sha256 or notice.region: notice for notice in reference}
        for notice in unique.values():
            for task in notice.tasks:
                grams = self._task_grams(task)
                self._grams[task.id] = grams
                document_frequency.update(grams.keys())
        self._documents = sum(len(notice.tasks) for notice in unique.values())
        self._df: Mapping[str, int] = document_frequency

    @classmethod
    def from_frequencies(cls, settings: Matching, taxonomy: Taxonomy, documents: int,
                         document_frequency: Mapping[str, int], places: Sequence[str]) -> Matcher:
        """A matcher whose idf comes from counts made elsewhere (the corpus index), not from parsed notices.

        `places` are the names to blank (normalize.place_names of every reference notice's place).
        """
        matcher = cls.__new__(cls)
        matcher._setup(settings, taxonomy, list(places))
        matcher._documents = documents
        matcher._df = document_frequency
        return matcher

    def _setup(self, settings: Matching, taxonomy: Taxonomy, places: list[str]) -> None:
        self.settings = settings
        self.normalizer = Normalizer(settings.synonyms, settings.stop_phrases)
        self.taxonomy = taxonomy
        self._topic_terms = taxonomy.folded(self.normalizer)
        self._places = places
        self._grams: dict[str, Counter] = {}

    def matchable(self, task: Task) -> str:
        """The task's text as the matcher reads it."""
        return self.normalizer.matchable(task.text, self._places)

    def _task_grams(self, task: Task) -> Counter:
        return features.task_grams(self.normalizer, self._places, task.text, self.settings.ngram_sizes)

    def idf(self, gram: str) -> float:
        """Smoothed inverse document frequency over the reference tasks."""
        return features.smoothed_idf(self._documents, self._df.get(gram, 0))

    def tfidf(self, task: Task) -> dict[str, float]:
        """Unit-length tf-idf vector (sublinear term frequency) of a task."""
        return features.tfidf_vector(self._grams.get(task.id) or self._task_grams(task), self.idf)

    def topic_profile(self, task: Task) -> list[float]:
        """Unit-length vector of the task's topic weights."""
        return features.topic_profile(self.normalizer, self._topic_terms, self.taxonomy.title_weight, task.title, task.text)

    def score_matrix(self, left: Sequence[Task], right: Sequence[Task]) -> list[list[float]]:
        """Scores in [0, 1] of every left task against every right task."""
        import numpy as np

        if not left or not right:
            return [[0.0] * len(right) for _ in left]
        vectors = [self.tfidf(task) for task in (*left, *right)]
        vocabulary = {gram: k for k, gram in enumerate(sorted({g for v in vectors for g in v}))}
        matrix = np.zeros((len(vectors), len(vocabulary)))
        for row, vector in enumerate(vectors):
            for gram, value in vector.items():
                matrix[row, vocabulary[gram]] = value
        lexical = matrix[: len(left)] @ matrix[len(left) :].T
        topics = np.array([self.topic_profile(task) for task in (*left, *right)])
        topical = topics[: len(left)] @ topics[len(left) :].T
        weight = self.settings.topic_weight
        scores = np.clip((1 - weight) * lexical + weight * topical, 0.0, 1.0)
        return [[round(float(x), 6) for x in line] for line in scores]

    def shared_terms(self, left: Task, right: Task, limit: int = 5) -> list[str]:
        """The key terms two tasks share: domain terms, long common phrases, shared figures."""
        a, b = self.matchable(left), self.matchable(right)
        found: list[str] = []
        for terms in self._topic_terms:
            for term in terms:
                if len(term) >= 2 and term in a and term in b:
                    found.append(term)
        found.extend(_common_phrases(a, b, self.idf))
        figures = [m.group(0).replace(" ", "") for m in NUMBER_TERM.finditer(left.text)]
        found.extend(figure for figure in figures if figure in right.text.replace(" ", ""))
        return _distinct_terms(found, limit)


# Characters that glue a phrase to its neighbours; a shared phrase is trimmed of them ("的投入" -> "投入").
FUNCTION_CHARS = "的和与及在中等为将对把以了是并或其各到由向从按"
MIN_PHRASE = 4  # shorter shared phrases are fragments ("病防控") unless they are domain terms


def _common_phrases(a: str, b: str, idf) -> list[str]:
    """Maximal substrings of a that also occur in b, trimmed, 4+ characters, most informative first."""
    phrases: list[tuple[float, int, str]] = []
    for run in re.finditer(r"[\u4e00-\u9fffA-Za-z+]{3,}", a):
        text, start = run.group(0), 0
        while start <= len(text) - 3:
            end = start + 3
            if text[start:end] not in b:
                start += 1
                continue
            while end < len(text) and text[start : end + 1] in b:
                end += 1
            phrase = text[start:end].strip(FUNCTION_CHARS)
            if len(phrase) >= MIN_PHRASE:
                bigrams = [idf(phrase[k : k + 2]) for k in range(len(phrase) - 1)]
                # Phrases of everyday words ("符合条件") carry little: keep the informative ones.
                if sum(bigrams) / len(bigrams) >= 0.5 * idf("\0"):
                    phrases.append((sum(bigrams), run.start() + start, phrase))
            start = end
    phrases.sort(key=lambda item: (-item[0], item[1]))
    return [phrase for _, _, phrase in phrases]


def _distinct_terms(terms: list[str], limit: int) -> list[str]:
    """Keep order, drop repeats and terms contained in a longer chosen one."""
    chosen: list[str] = []
    for term in sorted(dict.fromkeys(terms), key=lambda t: terms.index(t)):
        if any(term in other for other in chosen):
            continue
        chosen = [other for other in chosen if other not in term]
        chosen.append(term)
        if len(chosen) == limit:
            break
    return chosen


def link_tasks(scores: list[list[float]], threshold: float, relative: float) -> list[tuple[int, int, float]]:
    """(i, j, score) for every pair at or above the threshold that is (near) the best of its row or column."""
    if not scores or not scores[0]:
        return []
    row_best = [max(line) for line in scores]
    column_best = [max(line[j] for line in scores) for j in range(len(scores[0]))]
    links = []
    for i, line in enumerate(scores):
        for j, score in enumerate(line):
            if score >= threshold and (score >= relative * row_best[i] or score >= relative * column_best[j]):
                links.append((i, j, score))
    return links


class _Groups:
    """Union-find over (region, task) nodes that keeps each group to max_partners tasks per region."""

    def __init__(self, nodes: list[tuple[int, int]], regions: int, limit: int):
        self.parent = {node: node for node in nodes}
        self.counts = {node: [1 if r == node[0] else 0 for r in range(regions)] for node in nodes}
        self.limit = limit

    def find(self, node: tuple[int, int]) -> tuple[int, int]:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Merge the groups of a and b unless that puts too many tasks of one region together."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        merged = [x + y for x, y in zip(self.counts[root_a], self.counts[root_b])]
        if max(merged) > self.limit:
            return False
        root, other = sorted((root_a, root_b))
        self.parent[other] = root
        self.counts[root] = merged
        return True


def align_tasks(notices: Sequence[Notice], matcher: Matcher) -> Alignment:
    """Align the tasks of two or more notices into rows (rows follow the first notice's order)."""
    from hrcli.align.blocks import pair_links  # the links of long notices without their dense score matrix

    settings = matcher.settings
    regions = [notice.region for notice in notices]
    nodes = [(r, k) for r, notice in enumerate(notices) for k in range(len(notice.tasks))]
    candidates: list[tuple[float, int, int, int, int]] = []
    for r in range(len(notices)):
        for s in range(r + 1, len(notices)):
            for i, j, score in pair_links(matcher, notices[r].tasks, notices[s].tasks):
                candidates.append((score, r, i, s, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3], c[4]))
    groups = _Groups(nodes, len(notices), settings.max_partners)
    links: list[Link] = []
    joined: list[tuple[int, int]] = []
    for score, r, i, s, j in candidates:
        if groups.join((r, i), (s, j)):
            links.append(Link(notices[r].tasks[i].id, notices[s].tasks[j].id, score))
            joined.append((r, i))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in nodes:
        members.setdefault(groups.find(node), []).append(node)
    links_of: dict[tuple[int, int], list[Link]] = {}  # each group's own links: no scan of all links per row
    for link, node in zip(links, joined):
        links_of.setdefault(groups.find(node), []).append(link)
    rows = [_row(group, notices, links_of.get(root, []), matcher) for root, group in members.items()]
    positions = [{id(task): k for k, task in enumerate(notice.tasks)} for notice in notices]
    rows.sort(key=lambda row: _row_order(row, regions, positions))
    return Alignment(regions=regions, rows=rows, links=links)


def _row(group: list[tuple[int, int]], notices: Sequence[Notice], links: list[Link], matcher: Matcher) -> Row:
    """A row from a group of (region, task) nodes: score and reason from its strongest link."""
    tasks = {notice.region: [] for notice in notices}
    for r, k in sorted(group):
        tasks[notices[r].region].append(notices[r].tasks[k])
    present = [region for region, items in tasks.items() if items]
    if len(present) == 1:
        return Row(status=f"only_{present[0]}", score=None, label="", why="", tasks=tasks)
    ids = {task.id for items in tasks.values() for task in items}
    inner = [link for link in links if link.a in ids and link.b in ids]
    best = max(inner, key=lambda link: link.score)
    by_id = {task.id: task for items in tasks.values() for task in items}
    why = ", ".join(matcher.shared_terms(by_id[best.a], by_id[best.b]))
    differences = target_differences(tasks, matcher.settings)
    label = label_row(tasks, best.score, matcher.settings, bool(differences))
    return Row(status="matched", score=round(best.score, 3), label=label, why=why, tasks=tasks,
               target_differences=differences)


def target_differences(tasks: dict[str, list[Task]], matching: Matching) -> list[dict[str, str]]:
    """Targets of one measure and unit that the regions set differently (90% here, 95% there)."""
    return [
        {"measure": line.measure, **{region: target.text for region, (_, target) in line.cells.items()}}
        for line in line_up_targets(tasks, matching.target_cutoff, matching.measure_normalizer)
        if line.differs
    ]


def label_row(tasks: dict[str, list[Task]], score: float, settings: Matching, targets_differ: bool = False) -> str:
    """What kind of match a row is: a split topic, a weak overlap, or the same measure (and what differs)."""
    if any(len(items) > 1 for items in tasks.values()):
        return "partial: split topic"
    if score < settings.threshold + settings.label_margin:
        return "related"
    leads = {_lead_key(items[0]) for items in tasks.values() if items}
    differing = [name for name, differs in (("targets", targets_differ), ("lead", len(leads) > 1)) if differs]
    if differing:
        return f"same measure, different {' and '.join(differing)}"
    return "same measure"


def _lead_key(task: Task) -> str | None:
    """The lead department's canonical key (its name when unknown), so 市医保局 and 省医保局 agree."""
    for department in task.departments:
        if department.role == "lead":
            return department.canonical or department.name
    return None


def _row_order(row: Row, regions: list[str], positions: Sequence[dict[int, int]]) -> tuple:
    """Matched rows in the first region's order, then each region's unmatched tasks in notice order.

    `positions`: each notice's task positions by task identity (a dict, not list.index: 10,000 tasks stay fast).
    """
    matched = 0 if row.status == "matched" else 1
    for index, region in enumerate(regions):
        if row.tasks[region]:
            return (matched, index, positions[index][id(row.tasks[region][0])])
    return (matched, len(regions), 0)
