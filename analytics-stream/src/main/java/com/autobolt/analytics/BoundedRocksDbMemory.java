package com.autobolt.analytics;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for all of the process's state stores. By default every RocksDB store (two per task, a task
 * per partition: two dozen with 12 partitions) gets its own 50 MB block cache and up to three 16 MB memtables,
 * which is far more than a projector process should spend on a few dozen bytes per job. Here every store shares
 * one cache, memtables included, of {@link #TOTAL_BYTES}: reads of cold jobs may touch the disk, which the
 * stream's throughput (one record per result) does not notice.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    static final long TOTAL_BYTES = 16L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
    private static final long MEMTABLE_SIZE = 1024L * 1024;

    // Shared by every store of the process and never closed: they live as long as the JVM.
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    private static final WriteBufferManager MEMTABLES = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        // Index and filter blocks count against the budget too, instead of growing outside it.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(MEMTABLES);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared: closing them with one store would break the others.
    }
}
