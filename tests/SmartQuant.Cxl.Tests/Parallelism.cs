// Four test classes at a time, not one per core: on a fresh clone the co-simulation classes spend minutes blocked on
// the build cache's lock while one of them compiles the compact store, and with two threads they held both, so the
// lint/synthesis gate (minutes of yosys) queued behind the build instead of running beside it. Threads that wait on
// the lock use no CPU; the golden-model classes that do are short.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 4)]
