"""KGT: Knowledge Graph Tuning (arXiv 2405.19686) — personalise a frozen LM by editing the user's graph."""

from usermind.graphs.kgt.editor import KGTEditor, answer_with_graph, predict_answer, triple_key
from usermind.graphs.kgt.extract import Extraction, extract
from usermind.graphs.kgt.loss import kgt_loss, plan_edits, retrieval_log_probs
from usermind.graphs.kgt.models import AnswerScores, Candidate, EditPlan, KGTConfig, KGTResult, TripleRef
from usermind.graphs.kgt.retrieve import FactRetriever

__all__ = [
    "AnswerScores",
    "Candidate",
    "EditPlan",
    "Extraction",
    "FactRetriever",
    "KGTConfig",
    "KGTEditor",
    "KGTResult",
    "TripleRef",
    "answer_with_graph",
    "extract",
    "kgt_loss",
    "plan_edits",
    "predict_answer",
    "retrieval_log_probs",
    "triple_key",
]
