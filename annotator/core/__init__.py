"""Qt-free domain model: documents, spans, relations, label schemes, segmentation, tokenisation."""
