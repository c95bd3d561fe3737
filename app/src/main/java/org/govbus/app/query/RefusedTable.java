package org.govbus.app.query;

import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A dataset the caller may know of but not read: any query that touches it is refused with the reason and what
 * would allow it.
 */
final class RefusedTable extends AbstractTable implements TranslatableTable {

    private final Table shape;
    private final String reason;

    RefusedTable(Table shape, String reason) {
        this.shape = shape;
        this.reason = reason;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
        return shape.getRowType(tf);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        throw new QueryRefusedException(reason);
    }
}
