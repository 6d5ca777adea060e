"""Document-level scores against gold, held as floors that only ever go up.

The development gold is ../shared/corpus/gold (tuned on); the project's own corpus is
corpus/gold (pool documents annotated by the project, texts from ../shared); corpus/heldout
is pool documents annotated without the extractor and never used to change a rule (see
corpus/README.md). When a change raises a score, raise its floor here in the same commit;
never lower one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from vnextract.corpus import load_documents
from vnextract.corpus.texts import ANNOTATABLE_BENCH_LINES
from vnextract.evaluation.scoring import evaluate

REPO = Path(__file__).resolve().parents[1]

# measured 2026-11-26 (see README "Measured scores"); floors sit just below the measurement
FLOORS = {
    # re-based 2026-12-01 on the development gold as revised to the clarified FORMAT.md: at the
    # landed commit 5300e6e it measured mention F1 0.992, record F1 0.863, unit 0.993,
    # indicator 0.959, role 0.920, period 0.807, location 0.873; with a breakdown part keeping
    # the indicator its own words name (FORMAT.md 3.3) and rural training as its own id:
    # record F1 0.878, indicator 0.973
    # raised 2026-12-02 at b4ab88d (measured: mention F1 0.992, record F1 0.883, unit 0.993,
    # indicator 0.973, role 0.922, period 0.805, location 0.915: the paragraph's place frame)
    # raised 2026-12-03 at 8ffe849 (measured: mention F1 0.9915, record F1 0.8851, unit 0.9927,
    # indicator 0.9732, role 0.9244, period 0.8098, location 0.9146)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9915, record F1 0.8851, unit lenient
    # 0.9927, indicator 0.9732, role 0.9244, period 0.8268, location 0.9146)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9927, record F1 0.9056, unit lenient 0.9927, indicator 0.9927, role 0.9244, period
    # 0.8268, location 0.9146)
    "dev": {"mention_f1": 0.99, "record_f1": 0.90, "unit_lenient": 0.99, "indicator": 0.99,
          "role": 0.92, "period": 0.82, "location": 0.91},
    # the own corpus grew from 63 to 87 documents on 2026-11-26 (batch E); its floors were
    # re-based then to the 87-document measurement (the 63 documents' scores did not fall)
    # the own and constructed corpora were re-checked to the clarified FORMAT.md and the
    # project's annotation decisions on 2026-12-01 (own: 2,024 records); re-based then, measured
    # at the commit that brought the revised gold: own mention F1 0.969, record F1 0.647, unit
    # 0.968, indicator 0.799, role 0.864, period 0.481, location 0.862; constructed record F1
    # 0.697, indicator 0.736, role 0.961, period 0.713, location 0.984
    # raised 2026-12-02 at b4ab88d (measured: mention F1 0.976, record F1 0.656, unit 0.968,
    # indicator 0.802, role 0.865, period 0.576, location 0.873)
    # raised 2026-12-03 at 8ffe849 (measured: mention F1 0.9771, record F1 0.6605, unit 0.968,
    # indicator 0.8078, role 0.8652, period 0.5836, location 0.8882); at b73b448 record F1 0.6699,
    # indicator 0.8165
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9788, record F1 0.6794, unit lenient
    # 0.9681, indicator 0.8249, role 0.8673, period 0.5953, location 0.8882)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9788, record F1 0.6813, unit lenient
    # 0.9681, indicator 0.8253, role 0.8698, period 0.5953, location 0.8882)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9788, record F1 0.6833, unit lenient
    # 0.9681, indicator 0.8253, role 0.8723, period 0.5953, location 0.8882)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9790, record F1 0.7539, unit lenient 0.9681, indicator 0.9127, role 0.8718, period
    # 0.5965, location 0.8893)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9790, record F1 0.7568, unit lenient
    # 0.9681, indicator 0.9157, role 0.8723, period 0.6065, location 0.8893)
    "own": {"mention_f1": 0.97, "record_f1": 0.75, "unit_lenient": 0.96, "indicator": 0.91,
          "role": 0.87, "period": 0.60, "location": 0.88},
    # blind batches F and G (tuning data since their first measurement, corpus/README.md); first
    # held here 2026-12-02 at b4ab88d (measured: mention F1 0.917, record F1 0.632, unit 0.945,
    # indicator 0.844, role 0.871, period 0.605, location 0.784)
    # raised 2026-12-03 at 8ffe849 (measured: mention F1 0.9169, record F1 0.6389, unit 0.9451,
    # indicator 0.8508, role 0.873, period 0.6213, location 0.7959)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9197, record F1 0.6423, unit lenient
    # 0.9451, indicator 0.8525, role 0.8746, period 0.6516, location 0.7975)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9197, record F1 0.6446, unit lenient
    # 0.9451, indicator 0.8557, role 0.8811, period 0.6516, location 0.7975)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9201, record F1 0.6440, unit lenient
    # 0.9451, indicator 0.8557, role 0.8811, period 0.6557, location 0.7975)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9204, record F1 0.7061, unit lenient 0.9451, indicator 0.9320, role 0.8811, period
    # 0.6574, location 0.7984)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9279, record F1 0.7153, unit lenient
    # 0.9444, indicator 0.9354, role 0.8822, period 0.6579, location 0.7979)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9331, record F1 0.7189, unit lenient
    # 0.9443, indicator 0.9352, role 0.8820, period 0.6574, location 0.8172)
    "fg": {"mention_f1": 0.93, "record_f1": 0.71, "unit_lenient": 0.94, "indicator": 0.93,
         "role": 0.88, "period": 0.65, "location": 0.81},
    # blind batches H, I, J (tuning data since their first measurement at 8a40d5c) and K (since
    # 5f593e6); first held here 2026-12-03 at 8ffe849 (measured: H+I+J mention F1 0.9451, record
    # F1 0.6276, unit 0.9715, indicator 0.8283, role 0.8273, period 0.5425, location 0.8067; K
    # 0.9167, 0.621, 0.9765, 0.8152, 0.8475, 0.5132, 0.7713); raised at b73b448 (H+I+J record F1
    # 0.636, indicator 0.8313, role 0.8333; K indicator 0.8211)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9484, record F1 0.6424, unit lenient
    # 0.9715, indicator 0.8362, role 0.8337, period 0.5568, location 0.8082)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9484, record F1 0.6475, unit lenient
    # 0.9715, indicator 0.8411, role 0.8352, period 0.5568, location 0.8082)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9496, record F1 0.6520, unit lenient
    # 0.9715, indicator 0.8411, role 0.8406, period 0.5573, location 0.8082)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9530, record F1 0.7186, unit lenient 0.9715, indicator 0.9259, role 0.8395, period
    # 0.5567, location 0.8189)
    # role LOWERED 0.84 -> 0.83 on 2026-12-04 (measured 0.8395): object_descriptor stopped
    # reading the tail of a larger count ('tăng thêm tới 500.000 chỗ', 7e935fb), so 4 more gold
    # figures are matched, with wrong roles (targets of an announced plan): the accuracy over
    # matched figures fell with the recall that rose
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9593, record F1 0.7263, unit lenient
    # 0.9711, indicator 0.9284, role 0.8410, period 0.5569, location 0.8184)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9601, record F1 0.7275, unit lenient
    # 0.9710, indicator 0.9283, role 0.8418, period 0.5568, location 0.8182)
    "hij": {"mention_f1": 0.96, "record_f1": 0.72, "unit_lenient": 0.97, "indicator": 0.92,
          "role": 0.84, "period": 0.55, "location": 0.81},
    # blind batch L, tuning data since its first measurement at 876acc0 (mention F1 0.919, record F1
    # 0.628, unit 0.965, indicator 0.812, role 0.847, period 0.607, location 0.665); location 0.707
    # at the commit after (foreign countries' documents)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9279, record F1 0.6372, unit lenient
    # 0.9652, indicator 0.8237, role 0.8492, period 0.6543, location 0.7077)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9279, record F1 0.6372, unit lenient
    # 0.9652, indicator 0.8237, role 0.8561, period 0.6543, location 0.7077)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9349, record F1 0.6421, unit lenient
    # 0.9652, indicator 0.8237, role 0.8561, period 0.6613, location 0.7077)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9441, record F1 0.7010, unit lenient 0.9652, indicator 0.8956, role 0.8561, period
    # 0.6613, location 0.7077)
    # re-based 2026-12-04 at f501657: its reposts of reserved and held-out documents deleted
    # (corpus/README.md, Reposts) (measured: mention F1 0.9441, record F1 0.7024, unit lenient
    # 0.9638, indicator 0.8961, role 0.8575, period 0.6522, location 0.7005)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9452, record F1 0.7100, unit lenient
    # 0.9638, indicator 0.9034, role 0.8575, period 0.6522, location 0.7512)
    "l": {"mention_f1": 0.94, "record_f1": 0.71, "unit_lenient": 0.96, "indicator": 0.90,
        "role": 0.85, "period": 0.65, "location": 0.75},
    # blind batch M, first measured at 06c250f (mention F1 0.896, record F1 0.639, unit 0.997,
    # indicator 0.830, role 0.847, period 0.530, location 0.683); location 0.770 with the
    # one-district documents
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9121, record F1 0.6545, unit lenient
    # 0.9967, indicator 0.8505, role 0.8439, period 0.6013, location 0.7708)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9205, record F1 0.6697, unit lenient
    # 0.9967, indicator 0.8505, role 0.8538, period 0.6113, location 0.7708)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9233, record F1 0.6963, unit lenient 0.9967, indicator 0.8837, role 0.8538, period
    # 0.6113, location 0.7708)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9292, record F1 0.7015, unit lenient
    # 0.9934, indicator 0.8841, role 0.8543, period 0.6126, location 0.7748)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9438, record F1 0.7125, unit lenient
    # 0.9934, indicator 0.8841, role 0.8543, period 0.6126, location 0.7748)
    "m": {"mention_f1": 0.94, "record_f1": 0.71, "unit_lenient": 0.99, "indicator": 0.88,
        "role": 0.85, "period": 0.61, "location": 0.77},
    # blind batch N, first measured at ce9c5bd (mention F1 0.9022, record F1 0.6208, unit 0.9801,
    # indicator 0.8872, role 0.7854, period 0.4137, location 0.708)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9137, record F1 0.6506, unit lenient
    # 0.9802, indicator 0.8879, role 0.8132, period 0.5341, location 0.7363)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9137, record F1 0.6546, unit lenient
    # 0.9802, indicator 0.8901, role 0.8154, period 0.5341, location 0.7363)
    # raised 2026-12-03 at c113ddf (measured: mention F1 0.9137, record F1 0.6586, unit lenient
    # 0.9802, indicator 0.8901, role 0.8198, period 0.6110, location 0.7363)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9137, record F1 0.6667, unit lenient
    # 0.9802, indicator 0.8901, role 0.8308, period 0.6220, location 0.7363)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9229, record F1 0.7201, unit lenient 0.9802, indicator 0.9560, role 0.8308, period
    # 0.6242, location 0.7363)
    # re-based 2026-12-04 at f501657: its reposts of reserved and held-out documents deleted
    # (corpus/README.md, Reposts) (measured: mention F1 0.9265, record F1 0.7199, unit lenient
    # 0.9793, indicator 0.9609, role 0.8230, period 0.6230, location 0.7264)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9285, record F1 0.7257, unit lenient
    # 0.9793, indicator 0.9632, role 0.8253, period 0.6276, location 0.7264)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9303, record F1 0.7288, unit lenient
    # 0.9793, indicator 0.9631, role 0.8272, period 0.6290, location 0.7258)
    "n": {"mention_f1": 0.93, "record_f1": 0.72, "unit_lenient": 0.97, "indicator": 0.96,
        "role": 0.82, "period": 0.62, "location": 0.72},
    # location re-based 2026-12-03 on K's gold with decision 16's multiples (0.7705 -> 0.7699:
    # one added record, a world price, has no place)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9196, record F1 0.6300, unit lenient
    # 0.9767, indicator 0.8222, role 0.8484, period 0.5539, location 0.7697)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9196, record F1 0.6327, unit lenient
    # 0.9767, indicator 0.8222, role 0.8601, period 0.5539, location 0.7697)
    # raised 2026-12-03 at c113ddf (measured: mention F1 0.9196, record F1 0.6327, unit lenient
    # 0.9767, indicator 0.8222, role 0.8601, period 0.5656, location 0.7697)
    # raised 2026-12-03 at 3426d55 (measured: mention F1 0.9196, record F1 0.6327, unit lenient
    # 0.9767, indicator 0.8222, role 0.8601, period 0.5714, location 0.7697)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9308, record F1 0.7056, unit lenient 0.9767, indicator 0.9155, role 0.8601, period
    # 0.5714, location 0.7697)
    # re-based 2026-12-04 at f501657: its reposts of reserved and held-out documents deleted
    # (corpus/README.md, Reposts) (measured: mention F1 0.9273, record F1 0.7064, unit lenient
    # 0.9749, indicator 0.9122, role 0.8683, period 0.5423, location 0.7524)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9341, record F1 0.7116, unit lenient
    # 0.9749, indicator 0.9122, role 0.8683, period 0.5423, location 0.7524)
    "k": {"mention_f1": 0.93, "record_f1": 0.71, "unit_lenient": 0.97, "indicator": 0.91,
        "role": 0.86, "period": 0.54, "location": 0.75},
    # raised 2026-12-03 at 8ffe849 (measured: record F1 0.7433, indicator 0.7829, role 0.9612,
    # period 0.7132, location 0.9922)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9885, record F1 0.7739, unit lenient 0.9767, indicator 0.8140, role 0.9612, period
    # 0.7132, location 0.9922)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9885, record F1 0.7893, unit lenient
    # 0.9767, indicator 0.8295, role 0.9612, period 0.7132, location 0.9922)
    "constructed": {"mention_f1": 0.98, "record_f1": 0.78, "unit_lenient": 0.97, "indicator": 0.82,
                  "role": 0.96, "period": 0.71, "location": 0.99},
    # the held-out gold was re-checked to the clarified FORMAT.md on 2026-12-01 (595 records):
    # re-based then, measured at the commit that brought it: mention F1 0.925, record F1 0.492,
    # unit 0.962, indicator 0.686, role 0.747, period 0.447, location 0.919
    # raised 2026-12-03 at b73b448 (measured, errors unread: mention F1 0.927, record F1 0.5175,
    # unit 0.962, indicator 0.7027, role 0.7595, period 0.5206, location 0.957)
    # raised 2026-12-03 at f844661 (measured: mention F1 0.9268, record F1 0.5303, unit lenient
    # 0.9622, indicator 0.7199, role 0.7595, period 0.5086, location 0.9570); period LOWERED
    # 0.52 -> 0.50, the only floor lowered: measured 0.5086 after the period rules of
    # 2026-12-03, which gained on every tuning corpus (held-out errors unread, so the loss was
    # not bisected)
    # raised 2026-12-03 at 9465b1c (measured: mention F1 0.9268, record F1 0.5318, unit lenient
    # 0.9622, indicator 0.7199, role 0.7612, period 0.5086, location 0.9570)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9282, record F1 0.5518, unit lenient 0.9622, indicator 0.7474, role 0.7612, period
    # 0.5086, location 0.9570)
    # record F1 LOWERED 0.55 -> 0.54 at 93aaf38 (measured at 45560e8: record F1 0.5484, indicator
    # 0.7448): the learned decision retrained on F-Q without the deleted reposts (threshold 0.4 by
    # cross-validation, was 0.6) loses two held-out records (with the earlier weights and the same
    # rules 0.5511); the model is chosen by cross-validation on tuning data, never by this set
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9342, record F1 0.5538, unit lenient
    # 0.9622, indicator 0.7457, role 0.7629, period 0.5086, location 0.9570)
    "heldout": {"mention_f1": 0.93, "record_f1": 0.55, "unit_lenient": 0.96, "indicator": 0.74,
              "role": 0.76, "period": 0.50, "location": 0.95},
    # blind batch O, first measured at 9afde2a (corpus/README.md), tuning data since; held here
    # at f844661 (measured: mention F1 0.8966, record F1 0.6019, unit lenient 0.9895, indicator
    # 0.8287, role 0.8007, period 0.5140, location 0.8217)
    # raised 2026-12-03 at c113ddf (measured: mention F1 0.8966, record F1 0.6019, unit lenient
    # 0.9895, indicator 0.8287, role 0.8007, period 0.5350, location 0.8217)
    # raised 2026-12-03 at e6fcbba (measured: mention F1 0.9108, record F1 0.6115, unit lenient
    # 0.9895, indicator 0.8287, role 0.8077, period 0.5490, location 0.8217)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9286, record F1 0.7110, unit lenient 0.9895, indicator 0.9301, role 0.8077, period
    # 0.5490, location 0.8252)
    # raised 2026-12-04 at 079b431 (measured: mention F1 0.9301, record F1 0.7122, unit lenient
    # 0.9895, indicator 0.9301, role 0.8077, period 0.5490, location 0.8252)
    # re-based 2026-12-04 at f501657: its reposts of reserved and held-out documents deleted
    # (corpus/README.md, Reposts) (measured: mention F1 0.9277, record F1 0.7227, unit lenient
    # 0.9891, indicator 0.9275, role 0.8225, period 0.5616, location 0.8188)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9277, record F1 0.7261, unit lenient
    # 0.9891, indicator 0.9312, role 0.8225, period 0.5616, location 0.8188)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9324, record F1 0.7297, unit lenient
    # 0.9891, indicator 0.9312, role 0.8225, period 0.5616, location 0.8188)
    "o": {"mention_f1": 0.93, "record_f1": 0.72, "unit_lenient": 0.98, "indicator": 0.93,
        "role": 0.82, "period": 0.56, "location": 0.81},
    # blind batch P, first measured at e6fcbba (corpus/README.md: mention F1 0.9075, record F1
    # 0.6675, unit lenient 0.9807, indicator 0.8567, role 0.8733, period 0.4876, location 0.6997),
    # tuning data since
    # raised 2026-12-03 at a42e5d6 (measured: mention F1 0.9075, record F1 0.6725, unit lenient
    # 0.9807, indicator 0.8595, role 0.8788, period 0.4876, location 0.6997)
    # raised 2026-12-03 at 3426d55 (measured: mention F1 0.9075, record F1 0.6725, unit lenient
    # 0.9807, indicator 0.8595, role 0.8788, period 0.4876, location 0.7025)
    # raised 2026-12-04 at b07bfef, the learned indicator decision on by default (measured: mention
    # F1 0.9272, record F1 0.7458, unit lenient 0.9807, indicator 0.9339, role 0.8788, period
    # 0.5455, location 0.7989)
    # raised 2026-12-04 at 079b431 (measured: mention F1 0.9320, record F1 0.7497, unit lenient
    # 0.9807, indicator 0.9339, role 0.8788, period 0.5455, location 0.7989)
    # re-based 2026-12-04 at f501657: its reposts of reserved and held-out documents deleted
    # (corpus/README.md, Reposts) (measured: mention F1 0.9283, record F1 0.7605, unit lenient
    # 0.9796, indicator 0.9300, role 0.8980, period 0.5423, location 0.7872)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9475, record F1 0.7762, unit lenient
    # 0.9796, indicator 0.9300, role 0.8980, period 0.5656, location 0.7872)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9515, record F1 0.7795, unit lenient
    # 0.9796, indicator 0.9300, role 0.8980, period 0.5656, location 0.7872)
    "p": {"mention_f1": 0.95, "record_f1": 0.77, "unit_lenient": 0.97, "indicator": 0.93,
        "role": 0.89, "period": 0.56, "location": 0.78},
    # blind batch Q, first measured at 2b974a1 with the learned indicator decision on by default
    # (corpus/README.md: mention F1 0.8842, record F1 0.6263, unit lenient 0.9435, indicator
    # 0.8869, role 0.8512, period 0.6429, location 0.7440; the rules alone: record F1 0.6237,
    # indicator 0.8571), tuning data since
    # raised 2026-12-04 at 079b431 (measured: mention F1 0.8936, record F1 0.6330, unit lenient
    # 0.9435, indicator 0.8869, role 0.8512, period 0.6429, location 0.7440)
    # raised 2026-12-04 at 7cf3d45 (measured: mention F1 0.8936, record F1 0.6330, unit lenient
    # 0.9435, indicator 0.8869, role 0.8512, period 0.6429, location 0.7738)
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9093, record F1 0.6766, unit lenient
    # 0.9435, indicator 0.9315, role 0.8512, period 0.6726, location 0.8452)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9143, record F1 0.6803, unit lenient
    # 0.9435, indicator 0.9315, role 0.8512, period 0.6726, location 0.8452)
    "q": {"mention_f1": 0.91, "record_f1": 0.68, "unit_lenient": 0.94, "indicator": 0.93,
        "role": 0.85, "period": 0.67, "location": 0.84},
    # blind batch R (25 bench articles, reposts left out), first measured at 45560e8 with the
    # learned indicator decision on by default, trained on F-Q (corpus/README.md: mention F1
    # 0.9161, record F1 0.6409, unit lenient 0.9780, indicator 0.8059, role 0.8938, period
    # 0.4762, location 0.7143; the rules alone: record F1 0.6208, indicator 0.7839), tuning data since
    # raised 2026-12-04 at 06284c8 (measured: mention F1 0.9161, record F1 0.6409, unit lenient
    # 0.9780, indicator 0.8059, role 0.8938, period 0.4835, location 0.7143)
    # raised 2026-12-06 at 3679b49 (measured: mention F1 0.9205, record F1 0.6464, unit lenient
    # 0.9816, indicator 0.8051, role 0.8971, period 0.4816, location 0.7169)
    "r": {"mention_f1": 0.92, "record_f1": 0.64, "unit_lenient": 0.98, "indicator": 0.80,
        "role": 0.89, "period": 0.48, "location": 0.71},
    # blind batch S (30 bench articles), first measured at 3679b49 with the learned indicator
    # decision on by default, trained on F-Q (corpus/README.md: mention F1 0.9558, record F1
    # 0.6462, unit lenient 0.9743, indicator 0.8586, role 0.8072, period 0.4524, location 0.6992;
    # the rules alone: record F1 0.6265, indicator 0.8329), tuning data since
    "s": {"mention_f1": 0.95, "record_f1": 0.64, "unit_lenient": 0.97, "indicator": 0.85,
        "role": 0.80, "period": 0.45, "location": 0.69},
}


def _scores(extractor, gold: list[dict]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    pred = [extractor(g["text"], published=g.get("published"), title=g.get("title"),
                      doc_id=g["doc_id"]) for g in gold]
    res = evaluate(gold, pred).to_dict()
    out = {"mention_f1": res["mention"]["f1"], "record_f1": res["record"]["f1"]}
    out.update({k: v["accuracy"] for k, v in res["attributes"].items()})
    return out


def _check(scores: dict[str, float], floors: dict[str, float]) -> None:
    low = {k: (round(scores[k], 3), f) for k, f in floors.items() if scores[k] < f}
    assert not low, f"scores below their floors (score, floor): {low}"


def test_development_gold_floors(extractor, shared: Path) -> None:  # type: ignore[no-untyped-def]
    gold = load_documents(shared / "corpus" / "gold")
    assert len(gold) >= 24
    _check(_scores(extractor, gold), FLOORS["dev"])


@pytest.mark.parametrize("folders,key,size,texts", [
    (("gold",), "own", 87, "corpus/texts"), (("heldout",), "heldout", 18, "corpus/texts"),
    (("blind/F", "blind/G"), "fg", 40, "corpus/texts"),
    (("blind/H", "blind/I", "blind/J"), "hij", 65, "corpus/texts"),
    (("blind/K",), "k", 29, "bench/news-20k.jsonl.gz"),  # bench articles: texts in the bench file
    (("blind/L",), "l", 29, "bench/news-20k.jsonl.gz"), (("blind/M",), "m", 30, "bench/news-20k.jsonl.gz"),
    (("blind/N",), "n", 29, "bench/news-20k.jsonl.gz"), (("blind/O",), "o", 29, "bench/news-20k.jsonl.gz"),
    (("blind/P",), "p", 29, "bench/news-20k.jsonl.gz"), (("blind/Q",), "q", 30, "bench/news-20k.jsonl.gz"),
    (("blind/R",), "r", 25, "bench/news-20k.jsonl.gz"), (("blind/S",), "s", 30, "bench/news-20k.jsonl.gz"),
])
def test_stand_off_corpus_floors(extractor, shared: Path, folders: tuple[str, ...], key: str, size: int,  # type: ignore[no-untyped-def]
                                 texts: str) -> None:
    gold = [d for f in folders for d in load_documents(REPO / "corpus" / f, texts_dir=shared / texts)]
    assert len(gold) >= size
    _check(_scores(extractor, gold), FLOORS[key])


def test_constructed_corpus_floors(extractor) -> None:  # type: ignore[no-untyped-def]
    # constructed documents carry their text: this floor holds even without ../shared
    gold = load_documents(REPO / "corpus" / "constructed")
    assert len(gold) >= 8
    _check(_scores(extractor, gold), FLOORS["constructed"])


@lru_cache(maxsize=1)
def _annotatable_bench_ids(shared: Path) -> frozenset[str]:
    """The bench articles that may be annotated: those of its first ANNOTATABLE_BENCH_LINES
    lines (read once for every folder checked)."""
    import gzip
    import json

    ids = set()
    with gzip.open(shared / "bench" / "news-20k.jsonl.gz", "rt", encoding="utf-8") as f:
        for _, line in zip(range(ANNOTATABLE_BENCH_LINES), f):
            ids.add(json.loads(line)["doc_id"])
    return frozenset(ids)


@pytest.mark.parametrize("folder", ["gold", "heldout", "blind"])
def test_own_corpus_is_stand_off_and_never_an_evaluation_document(shared: Path, folder: str) -> None:
    import json

    allowed = set((shared / "corpus" / "pool_ids.txt").read_text().split()) | _annotatable_bench_ids(shared)
    for f in (REPO / "corpus" / folder).rglob("*.json"):
        doc = json.loads(f.read_text(encoding="utf-8"))
        assert "text" not in doc and len(doc["sha256"]) == 64
        assert doc["doc_id"] in allowed, f"{doc['doc_id']} is neither a pool document nor an annotatable bench article"


def test_each_document_is_in_one_corpus_only() -> None:
    folders = {name: {f.stem for f in (REPO / "corpus" / name).rglob("*.json")} for name in ("gold", "heldout", "blind")}
    assert all(folders.values())
    assert not folders["gold"] & folders["heldout"] and not folders["gold"] & folders["blind"]
    assert not folders["heldout"] & folders["blind"]
