"""Read use-cases of plans, catalogues, target sets, targets and their statuses.

Access: plans, groups, target sets, targets and assessments are published steering
material, read by every signed-in official (`public_read`); these selectors take `user`
for the unit-scoped parts only (the tasks of a plan are shown to those who may VIEW them)
and for symmetry with the services. Statuses come from the pure engine in `targets.py`,
fed in bulk: a list of any length costs a fixed number of queries.
"""

from .common import MAX_PK as MAX_PK
from .common import _missing_pk as _missing_pk
from .plans import GroupNode as GroupNode
from .plans import PlanTree as PlanTree
from .plans import catalogue_get as catalogue_get
from .plans import catalogue_list as catalogue_list
from .plans import plan_current_target_set as plan_current_target_set
from .plans import plan_get as plan_get
from .plans import plan_get_by_number as plan_get_by_number
from .plans import plan_list as plan_list
from .plans import plan_tree as plan_tree
from .statuses import CompareRow as CompareRow
from .statuses import TrajectoryRow as TrajectoryRow
from .statuses import _evidence as _evidence
from .statuses import _progress as _progress
from .statuses import province_of as province_of
from .statuses import spec_of as spec_of
from .statuses import target_set_compare as target_set_compare
from .statuses import target_status_counts as target_status_counts
from .statuses import target_statuses as target_statuses
from .statuses import target_trajectory as target_trajectory
from .target_sets import assessment_list as assessment_list
from .target_sets import catalogue_choices as catalogue_choices
from .target_sets import indicator_by_code as indicator_by_code
from .target_sets import plan_choices as plan_choices
from .target_sets import plan_group_choices as plan_group_choices
from .target_sets import plan_group_get as plan_group_get
from .target_sets import target_assessments as target_assessments
from .target_sets import target_get as target_get
from .target_sets import target_history as target_history
from .target_sets import target_list as target_list
from .target_sets import target_set_get as target_set_get
from .target_sets import target_set_latest as target_set_latest
from .target_sets import target_set_versions as target_set_versions
