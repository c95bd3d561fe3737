package org.govbus.app.query;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Sarg;

/**
 * Checks every plan before it runs, on the plan, whatever SQL produced it: a scan under a purpose-bound grant
 * must be reached through an equality on a person column (so the source reads that person, not the table), and
 * what each plan reads (datasets, columns) is noted for the usage log. Also teaches the planner to carry a key
 * filter across a join (transitive predicates), so that a join between two sources looks up one person in each.
 */
final class PlanCheck {

    /** Most persons one purpose-bound query may name. */
    static final int MAX_PERSONS = 10;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlanCheck.class);
    private static final ThreadLocal<Report> CURRENT = new ThreadLocal<>();
    private static volatile boolean installed;

    /** What a plan reads: dataset to the source columns read. */
    static final class Report {
        final Map<String, Set<String>> read = new LinkedHashMap<>();
    }

    private PlanCheck() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Hook.PLANNER.add((Consumer<RelOptPlanner>) p -> p.addRule(CoreRules.JOIN_PUSH_TRANSITIVE_PREDICATES));
        Hook.PLAN_BEFORE_IMPLEMENTATION.add((Consumer<RelRoot>) root -> check(root.rel));
        installed = true;
    }

    /** Starts collecting what the plans prepared on this thread read. */
    static Report begin() {
        Report r = new Report();
        CURRENT.set(r);
        return r;
    }

    static void end() {
        CURRENT.remove();
    }

    static void check(RelNode rel) {
        try {
            visit(rel, null);
        } catch (QueryRefusedException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("refused plan:\n{}", RelOptUtil.toString(rel));
            }
            throw e;
        }
    }

    private static void visit(RelNode node, RelNode parent) {
        if (node instanceof TableScan scan) {
            List<String> name = scan.getTable().getQualifiedName();
            if (name.size() == 3 && Guard.PREFIX.equals(name.get(0))) {
                Guard guard = Guard.byId(name.get(1));
                if (guard == null) {
                    throw new QueryRefusedException("a plan refers to an unknown guard; run the query again");
                }
                checkScan(scan, parent, guard);
            }
        }
        for (RelNode input : node.getInputs()) {
            visit(input, node);
        }
    }

    private static void checkScan(TableScan scan, RelNode parent, Guard guard) {
        List<String> fields = scan.getTable().getRowType().getFieldNames();
        Report report = CURRENT.get();
        if (report != null) {
            Set<String> columns = report.read.computeIfAbsent(guard.access().dataset(), k -> new LinkedHashSet<>());
            if (parent instanceof Project p) {
                List<String> out = scan.getRowType().getFieldNames();
                RelOptUtil.InputFinder.bits(p.getProjects(), null).forEach(i -> columns.add(out.get(i)));
            } else {
                columns.addAll(scan.getRowType().getFieldNames());
            }
        }
        Set<String> keys = guard.access().purposeKeys();
        if (keys.isEmpty()) {
            return;
        }
        List<RexNode> conditions = new java.util.ArrayList<>();
        if (parent instanceof Filter f) {
            conditions.add(f.getCondition());
        }
        if (scan instanceof org.apache.calcite.interpreter.Bindables.BindableTableScan b) {
            // A live dataset's scan takes its filters with it (they reach the department's database).
            conditions.addAll(b.filters);
        }
        for (RexNode condition : conditions) {
            for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
                if (namesPersons(conjunct, fields, keys) > 0) {
                    return;
                }
            }
        }
        throw new QueryRefusedException("the grant " + guard.access().grantId() + " of " + guard.agency() + " to "
                + guard.access().dataset() + " is bound to a purpose: each query must name the person it is about, "
                + "with an equality on one of " + new java.util.TreeSet<>(keys) + " (for example WHERE "
                + keys.iterator().next() + " = ?), for at most " + MAX_PERSONS + " persons; bulk reads are refused");
    }

    /** The number of persons a condition pins down, 0 when it does not pin down persons by a key column. */
    private static int namesPersons(RexNode e, List<String> fields, Set<String> keys) {
        if (e.isA(SqlKind.OR)) {
            int total = 0;
            for (RexNode d : RelOptUtil.disjunctions(e)) {
                int n = namesPersons(d, fields, keys);
                if (n == 0) {
                    return 0;
                }
                total += n;
            }
            return total <= MAX_PERSONS ? total : 0;
        }
        if (!(e instanceof RexCall call) || call.getOperands().size() != 2) {
            return 0;
        }
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        if (e.isA(SqlKind.EQUALS)) {
            if (isKey(b, fields, keys)) {
                RexNode t = a;
                a = b;
                b = t;
            }
            return isKey(a, fields, keys) && isValue(b) ? 1 : 0;
        }
        if (e.isA(SqlKind.SEARCH) && isKey(a, fields, keys) && b instanceof RexLiteral lit) {
            Sarg<?> sarg = lit.getValueAs(Sarg.class);
            if (sarg != null && sarg.isPoints() && sarg.pointCount <= MAX_PERSONS) {
                return sarg.pointCount;
            }
        }
        return 0;
    }

    private static boolean isKey(RexNode e, List<String> fields, Set<String> keys) {
        return e instanceof RexInputRef ref && keys.contains(fields.get(ref.getIndex()));
    }

    private static boolean isValue(RexNode e) {
        return e instanceof RexDynamicParam || (e instanceof RexLiteral l && !l.isNull());
    }
}
