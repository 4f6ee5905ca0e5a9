using System.Runtime.CompilerServices;

// The DRAM scheduler is unit-tested below the port (FR-FCFS decisions at one nCK).
[assembly: InternalsVisibleTo("SmartQuant.Cxl.Tests")]
