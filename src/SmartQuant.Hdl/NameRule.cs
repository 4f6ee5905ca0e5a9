using System.Text;

namespace SmartQuant.Hdl
{
    /// <summary>
    /// How a C# member or local name becomes a Verilog name: camelCase/PascalCase to snake_case (busyQ → busy_q,
    /// HdmDecoder → hdm_decoder, DRSQueue → drs_queue), a leading underscore dropped, a leading digit prefixed with "n".
    /// One source file compiled into two assemblies — the kit (naming at elaboration) and the Roslyn analyzers (which
    /// must predict that name; they target netstandard2.0, hence the plain C# 7.3 here) — so the two cannot drift.
    /// </summary>
    internal static class NameRule
    {
        public static string SnakeCase(string name)
        {
            name = name.TrimStart('_');
            var sb = new StringBuilder(name.Length + 8);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    var prevLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    var nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                    if (sb.Length > 0 && sb[sb.Length - 1] != '_' && (prevLower || nextLower)) sb.Append('_');
                    sb.Append(char.ToLowerInvariant(c));
                }
                else sb.Append(c);
            }
            var s = sb.ToString();
            return s.Length == 0 ? "x" : char.IsDigit(s[0]) ? "n" + s : s;
        }
    }
}
