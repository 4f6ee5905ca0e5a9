using System.Runtime.CompilerServices;

// The Hessian tests force each inner kernel (AVX-512, AVX2, scalar) and compare their bits.
[assembly: InternalsVisibleTo("SmartQuant.Quant.Tests")]
