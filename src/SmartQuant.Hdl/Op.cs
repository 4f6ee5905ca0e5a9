namespace SmartQuant.Hdl;

/// <summary>Operators of the expression language. Width and signedness rules are in <see cref="Expr"/>.</summary>
public enum Op
{
    Add, Sub, AddWrap, SubWrap, Mul, Neg,
    And, Or, Xor, Not,
    Eq, Ne, Lt, Le, Gt, Ge,
    ShlConst, ShrConst, ShlDyn, ShrDyn,
    Mux, Cat, Slice, Repeat,
    AndReduce, OrReduce, XorReduce,
    Extend, Truncate, AsSigned, AsUnsigned,
    MemRead,
}
