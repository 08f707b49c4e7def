"""Notices -> Alignment: score every pair of tasks, link the best, group linked tasks into rows.

Method (chosen by measurement, see README "How matching works"):
  score = (1 - topic_weight) * cos(tf-idf of character n-grams) + topic_weight * cos(topic profiles)
Character n-grams need no word segmenter (Chinese has no spaces); idf comes from every notice of
the corpus, so words every notice uses weigh little; synonyms are folded, boilerplate blanked and
reform families marked first. Links between each two notices come from their scores alone
(align/link.py), so a pair is aligned the same whatever else is compared; rows are groups in which
every two tasks of different regions are linked. Labels come from evidence (align/labels.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from hrcli.align import features, labels
from hrcli.align.link import LinkStream, Node, cover_rows
from hrcli.align.why import lexicon, shared_terms
from hrcli.analyse.targets import line_up_targets
from hrcli.analyse.topics import Taxonomy, TopicCounter, assign, unit
from hrcli.config import Matching
from hrcli.parse.normalize import Normalizer, ngrams, place_names
from hrcli.schema import Alignment, Link, Notice, Row, Task


class Matcher:
    """Scores tasks against each other with idf taken from a reference set of notices."""

    def __init__(self, settings: Matching, taxonomy: Taxonomy, reference: Sequence[Notice]):
        self._setup(settings, taxonomy, place_names(*(notice.place for notice in reference)))
        unique = {notice.sha256 or notice.region: notice for notice in reference}
        texts = [self._text(task) for notice in unique.values() for task in notice.tasks]
        self._documents = len(texts)
        self._df: Mapping[str, int] = features.document_frequencies(texts, settings.ngram_sizes)

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
        self.normalizer = Normalizer.for_matching(settings, places)
        self.taxonomy = taxonomy
        self._topic_terms = taxonomy.folded(self.normalizer)
        self._places = places
        self._texts: dict[str, str] = {}  # matchable text by text
        self._weights: dict[tuple[str, str], list[float]] = {}  # topic weights by (title, text)
        self._counter = TopicCounter(self._topic_terms, taxonomy.title_weight)
        fold = self.normalizer.fold
        self._words = lexicon(self._topic_terms, settings.synonyms, self.normalizer.families, map(fold, settings.key_terms))

    def readable(self, text: str) -> str:
        """Text with synonyms folded and place-named campaigns read as their kind (what `why` reads)."""
        return self.normalizer.name_campaigns(self.normalizer.fold(text))

    def matchable(self, task: Task) -> str:
        """The task's text as the matcher reads it: boilerplate and places blanked, reform families marked."""
        return self.normalizer.matchable(task.text, self._places)

    def _text(self, task: Task) -> str:
        """matchable(task), kept: each task is read once however often it is scored."""
        if task.text not in self._texts:
            self._texts[task.text] = self.matchable(task)
        return self._texts[task.text]

    def _task_grams(self, task: Task) -> Counter:
        return ngrams(self._text(task), self.settings.ngram_sizes)

    def _topic_weights(self, task: Task) -> list[float]:
        """The topic weights of the task's folded title and text, kept per task."""
        key = (task.title, task.text)
        if key not in self._weights:
            fold = self.normalizer.fold
            self._weights[key] = self._counter.weights(fold(task.title), fold(task.text))
        return self._weights[key]

    def idf(self, gram: str) -> float:
        """Smoothed inverse document frequency over the reference tasks."""
        return features.smoothed_idf(self._documents, self._df.get(gram, 0))

    def tfidf(self, task: Task) -> dict[str, float]:
        """Unit-length tf-idf vector (sublinear term frequency) of a task."""
        return features.tfidf_vector(self._task_grams(task), self.idf)

    def topic_profile(self, task: Task) -> list[float]:
        """Unit-length vector of the task's topic weights."""
        return unit(self._topic_weights(task))

    def scorer(self, left: Sequence[Task], right: Sequence[Task]):
        """The scores of the left tasks against the right ones, a block of rows at a time (align/scores.py)."""
        import numpy as np

        from hrcli.align.scores import PairScorer

        tasks = [*left, *right]
        vectors = features.sparse_tfidf([self._text(task) for task in tasks], self.settings.ngram_sizes, self.idf)
        topics = np.array([self.topic_profile(task) for task in tasks], dtype=float).reshape(len(tasks), -1)
        return PairScorer(*vectors.split(len(left)), topics[: len(left)], topics[len(left) :], self.settings.topic_weight)

    def score_matrix(self, left: Sequence[Task], right: Sequence[Task]) -> list[list[float]]:
        """Scores in [0, 1] of every left task against every right task."""
        if not left or not right:
            return [[0.0] * len(right) for _ in left]
        return [line for _, block in self.scorer(left, right).blocks() for line in block.tolist()]

    def term_share(self, term: str) -> float:
        """Share of the reference tasks that use a term (at most; from its rarest n-gram); stop phrases count 1."""
        if self.normalizer.is_stop(term):
            return 1.0
        size = min(len(term), max(self.settings.ngram_sizes))
        grams = [term[k : k + size] for k in range(len(term) - size + 1)]
        return min(self._df.get(gram, 0) for gram in grams) / max(self._documents, 1)

    def shared_terms(self, left: Task, right: Task, limit: int = 5) -> list[str]:
        """The whole key words two tasks share (never boilerplate), then shared figures."""
        return self.shared_terms_with(left, [right.text], limit)[0]

    def shared_terms_with(self, task: Task, others: Sequence[str], limit: int = 5) -> list[list[str]]:
        """shared_terms(task, other) for the text of each of several other tasks, the task's side read once: its
        readable text, and the lexicon's words in it (in the lexicon's order; a word not in the task is never shared).

        Every frequency term_share asks for is of a 2- to n-gram of the task's readable text: a table that looks many
        up at once (the corpus index's, with `prime`) is asked for them all first (one look-up, not one a term).
        """
        text = self.readable(task.text)
        prime = getattr(self._df, "prime", None)
        if prime is not None:
            largest = max(self.settings.ngram_sizes)
            prime(["\0", *(text[k : k + size] for size in range(2, largest + 1) for k in range(len(text) - size + 1))])
        words = [word for word in self._words if word in text]
        return [shared_terms(text, self.readable(other), words, self.term_share, self.settings.why_max_df, limit)
                for other in others]

    def main_area(self, task: Task) -> int | None:
        """Index of the task's strongest reform area (topics.yaml), None when it has no topic term."""
        weights = self._topic_weights(task)
        best = max(weights, default=0.0)
        return weights.index(best) if best > 0 else None

    def topic_keys(self, task: Task) -> frozenset[str]:
        """The reform areas a task covers (topics.yaml's rule), read with the matcher's folding."""
        return frozenset(assign(self._topic_weights(task), self.taxonomy))

    def veto(self, left: Sequence[Task], right: Sequence[Task]):
        """allowed(i, j) for pair_links: the two tasks share a reform area (None when the veto is off)."""
        if not self.settings.topic_veto:
            return None
        a, b = [self.topic_keys(task) for task in left], [self.topic_keys(task) for task in right]
        return lambda i, j: bool(a[i] & b[j])

    def area_mask(self, left: Sequence[Task], right: Sequence[Task]):
        """mask(start, stop): the veto's allowed pairs of left tasks start:stop against every right task, as a
        boolean array (the two tasks share a reform area); None when the veto is off."""
        if not self.settings.topic_veto:
            return None
        import numpy as np

        keys = [self.topic_keys(task) for task in (*left, *right)]
        column = {key: k for k, key in enumerate(sorted(set().union(*keys)))}
        member = np.zeros((len(keys), len(column)), dtype=np.float32)
        for row, held in enumerate(keys):
            member[row, [column[key] for key in held]] = 1.0
        first, second = member[: len(left)], member[len(left) :].T
        return lambda start, stop: first[start:stop] @ second > 0

    def link_pair(self, left: Sequence[Task], right: Sequence[Task], rows: int | None = None) -> LinkStream:
        """The links between two notices' tasks and each task's closest candidate, scored `rows` left tasks at a time
        (by default as many as keep a block near scores.BLOCK_CELLS)."""
        settings = self.settings
        stream = LinkStream(len(left), len(right), settings.threshold, settings.relative_threshold,
                            settings.partner_ratio, settings.max_partners)
        if left and right:
            mask = self.area_mask(left, right)
            for start, block in self.scorer(left, right).blocks(rows):
                stream.add(start, block, None if mask is None else mask(start, start + len(block)))
        return stream

    def pair_evidence(self, left: Task, right: Task) -> tuple[str, list[str]]:
        """(label, shared key words) of two linked tasks."""
        shared = self.shared_terms(left, right)
        area = self.main_area(left)
        return labels.pair_label(area is not None and area == self.main_area(right), shared), shared


def align_tasks(notices: Sequence[Notice], matcher: Matcher, block_rows: int | None = None) -> Alignment:
    """Align the tasks of two or more notices into rows (rows follow the first notice's order).

    Each two notices are linked from their own scores alone, so `compare A B` and `compare A B C` agree on A and
    B. Rows are cliques of links: every task in a row is linked to every task of another region in it. Scores are
    taken `block_rows` tasks at a time (Matcher.link_pair), never kept whole: the result is the same for any block.
    """
    settings = matcher.settings
    links: dict[frozenset, float] = {}
    streams: dict[tuple[int, int], LinkStream] = {}
    for r in range(len(notices)):
        for s in range(r + 1, len(notices)):
            streams[(r, s)] = matcher.link_pair(notices[r].tasks, notices[s].tasks, block_rows)
            for i, j, score in streams[(r, s)].links():
                links[frozenset(((r, i), (s, j)))] = score
    rows = [_matched_row(group, notices, links, matcher) for group in cover_rows(links, settings.max_partners)]
    linked = {node for pair in links for node in pair}
    for r, notice in enumerate(notices):
        for k in range(len(notice.tasks)):
            if (r, k) not in linked:
                rows.append(_unmatched_row(r, k, notices, streams, matcher))
    regions = [notice.region for notice in notices]
    positions = [{id(task): k for k, task in enumerate(notice.tasks)} for notice in notices]
    rows.sort(key=lambda row: _row_order(row, regions, positions))
    ordered = sorted(links, key=lambda pair: sorted(pair))
    link_list = [Link(_task(notices, a).id, _task(notices, b).id, links[pair]) for pair in ordered for a, b in [sorted(pair)]]
    return Alignment(regions=regions, rows=rows, links=link_list)


def _task(notices: Sequence[Notice], node: Node) -> Task:
    return notices[node[0]].tasks[node[1]]


def _matched_row(group: list[Node], notices: Sequence[Notice], links: dict[frozenset, float], matcher: Matcher) -> Row:
    """A row of linked tasks: every pair's score, label and shared words; the row's from its pairs."""
    tasks: dict[str, list[Task]] = {notice.region: [] for notice in notices}
    for node in group:
        tasks[notices[node[0]].region].append(_task(notices, node))
    pairs = []
    for a in group:
        for b in group:
            if a < b and a[0] != b[0]:
                label, shared = matcher.pair_evidence(_task(notices, a), _task(notices, b))
                pairs.append({"a": _task(notices, a).id, "b": _task(notices, b).id,
                              "score": round(links[frozenset((a, b))], 3), "label": label, "why": shared})
    best = max(pairs, key=lambda pair: pair["score"])
    differences = target_differences(tasks, matcher.settings)
    label = labels.row_label(tasks, [pair["label"] for pair in pairs], bool(differences))
    return Row(status="matched", score=best["score"], label=label, why=", ".join(best["why"]), tasks=tasks,
               target_differences=differences, pairs=pairs)


def _unmatched_row(r: int, k: int, notices: Sequence[Notice], streams: dict[tuple[int, int], LinkStream],
                   matcher: Matcher) -> Row:
    """A task no other region's task is linked to, with its closest candidate in each other region and why not."""
    tasks: dict[str, list[Task]] = {notice.region: [] for notice in notices}
    tasks[notices[r].region] = [notices[r].tasks[k]]
    closest = {}
    for s, other in enumerate(notices):
        if s != r:
            stream, side = (streams[(r, s)], 0) if r < s else (streams[(s, r)], 1)
            found = stream.nearest(side, k)
            closest[other.region] = [
                {"id": task.id, "number": task.number, "label": task.label, "title": task.title, "score": round(score, 3),
                 "reason": _not_linked(matcher, notices[r].tasks[k], task, score, stream.nearest(1 - side, j)[1])}
                for j, score in ([found] if found else []) for task in [other.tasks[j]]
            ]
    return Row(status=f"only_{notices[r].region}", score=None, label="", why="", tasks=tasks, nearest=closest)


def _not_linked(matcher: Matcher, task: Task, candidate: Task, score: float, best: float) -> str:
    """Why the closest candidate is not a partner (`best`: the candidate's own best score): the rule it fails."""
    settings = matcher.settings
    if score < settings.threshold:
        return f"below the threshold {settings.threshold:.2f}"
    if settings.topic_veto and not matcher.topic_keys(task) & matcher.topic_keys(candidate):
        return "no reform area in common"
    return f"its own best partner scores {best:.2f}; {score:.2f} is under {settings.partner_ratio:.0%} of that"


def target_differences(tasks: dict[str, list[Task]], matching: Matching) -> list[dict[str, str]]:
    """Targets of one measure and unit that the regions set differently (90% here, 95% there)."""
    return [
        {"measure": line.measure, **{region: target.text for region, (_, target) in line.cells.items()}}
        for line in line_up_targets(tasks, matching.target_cutoff, matching.measure_normalizer)
        if line.differs
    ]


def _row_order(row: Row, regions: list[str], positions: Sequence[dict[int, int]]) -> tuple:
    """Matched rows in the first region's order, then each region's unmatched tasks in notice order.

    `positions`: each notice's task positions by task identity (a dict, not list.index: 10,000 tasks stay fast).
    """
    matched = 0 if row.status == "matched" else 1
    key = []
    for index, region in enumerate(regions):
        if row.tasks[region]:
            key.append((index, positions[index][id(row.tasks[region][0])]))
    return (matched, *key)
