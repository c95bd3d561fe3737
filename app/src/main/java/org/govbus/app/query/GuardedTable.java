package org.govbus.app.query;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.jdbc.JdbcTable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.govbus.core.mask.Masking;

/**
 * A dataset as one agency may see it: the source's rows, filtered by the grant's row filter, with sensitive
 * columns the grant does not name in clear replaced by their mask. The mask sits directly on the scan, below
 * everything the caller's SQL adds, so joins, expressions, grouping, unions and sub-queries only ever see masked
 * values.
 */
final class GuardedTable extends AbstractTable implements TranslatableTable {

    private final org.apache.calcite.schema.Table raw;
    private final Guard guard;
    private final org.apache.calcite.linq4j.tree.Expression liveExpression;
    private final String rawName;

    /**
     * @param raw            the source table: a JDBC table, or a live table reached by {@code liveExpression}
     * @param liveExpression how generated code reaches a live table, {@code null} for a JDBC one
     */
    GuardedTable(org.apache.calcite.schema.Table raw, Guard guard, org.apache.calcite.linq4j.tree.Expression liveExpression,
            String rawName) {
        this.raw = raw;
        this.guard = guard;
        this.liveExpression = liveExpression;
        this.rawName = rawName;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
        RelDataTypeFactory.Builder b = tf.builder();
        for (RelDataTypeField f : raw.getRowType(tf).getFieldList()) {
            b.add(f.getName(), type(tf, f));
        }
        return b.build();
    }

    private RelDataType type(RelDataTypeFactory tf, RelDataTypeField f) {
        if (!guard.access().masked().containsKey(f.getName())) {
            return f.getType();
        }
        return tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelOptCluster cluster = context.getCluster();
        RelDataTypeFactory tf = cluster.getTypeFactory();
        RelDataType rawType = raw.getRowType(tf);
        RelBuilder b = RelFactories.LOGICAL_BUILDER.create(cluster, relOptTable.getRelOptSchema());
        if (raw instanceof JdbcTable jdbc) {
            RelOptTable rawTable = RelOptTableImpl.create(relOptTable.getRelOptSchema(), rawType, jdbc,
                    ImmutableList.of(Guard.PREFIX, guard.id(), rawName));
            b.push(jdbc.toRel(context, rawTable));
        } else {
            RelOptTable rawTable = RelOptTableImpl.create(relOptTable.getRelOptSchema(), rawType,
                    ImmutableList.of(Guard.PREFIX, guard.id(), rawName), raw, liveExpression);
            // A bindable scan: the planner pushes filters and projections into it, so they reach the source.
            b.push(org.apache.calcite.interpreter.Bindables.BindableTableScan.create(cluster, rawTable));
        }
        Map<String, Set<String>> filter = guard.access().rowFilter();
        if (!filter.isEmpty()) {
            List<RexNode> conditions = new ArrayList<>();
            filter.forEach((column, values) -> {
                if (rawType.getField(column, true, false) == null) {
                    throw new IllegalStateException("grant " + guard.access().grantId() + " filters on column " + column
                            + ", which " + guard.access().dataset() + " does not have");
                }
                RexNode field = b.field(column);
                if (!SqlTypeName.CHAR_TYPES.contains(field.getType().getSqlTypeName())) {
                    field = b.cast(field, SqlTypeName.VARCHAR);
                }
                conditions.add(b.in(field, values.stream().map(v -> (RexNode) b.literal(v)).toList()));
            });
            b.filter(conditions);
        }
        RexBuilder rex = cluster.getRexBuilder();
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : rawType.getFieldList()) {
            Masking m = guard.access().masked().get(f.getName());
            RexNode e = b.field(f.getIndex());
            if (m != null) {
                e = rex.makeCast(type(tf, f), b.call(MaskFunctions.operator(m), rex.makeCast(
                        tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true), e, true, false)),
                        true, false);
            }
            exprs.add(e);
            names.add(f.getName());
        }
        b.project(exprs, names, true);
        return b.build();
    }
}
