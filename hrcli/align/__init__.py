"""Notices -> Alignment: features, scores, links, rows, labels; evaluation against gold."""
