using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SmartQuant.Hdl;

namespace SmartQuant.Analyzers
{
    /// <summary>
    /// SQ003: <c>var busyQ = Reg().Named("busy_q");</c> outside a loop — the name repeats what local naming already
    /// gives the declaration (the local's name in snake case), so the call only adds a second place to keep in step
    /// when the local is renamed. Reported only where dropping the call keeps the name: outside loops, and on a line
    /// whose other kit declarations go straight into locals too (the local-names table records only such lines).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NamedRepeatsLocalAnalyzer : SyntaxRuleAnalyzer
    {
        public NamedRepeatsLocalAnalyzer() : base(HardwareDiagnostics.NamedRepeatsLocal, SyntaxKind.InvocationExpression) { }

        protected override void Analyze(SyntaxNodeAnalysisContext ctx)
        {
            var named = (InvocationExpressionSyntax)ctx.Node;
            if (!IsRedundantNamed(named, ctx.SemanticModel, out var local)) return;
            // Every other declaration on the line must also end up straight in a local (or be redundant likewise).
            var line = named.GetLocation().GetLineSpan().StartLinePosition.Line;
            var member = named.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault();
            if (member == null) return;
            foreach (var call in member.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.GetLocation().GetLineSpan().StartLinePosition.Line != line || !KitSyntax.IsDeclaration(call, ctx.SemanticModel)) continue;
                var straight = call.Parent is EqualsValueClauseSyntax eq && eq.Parent is VariableDeclaratorSyntax;
                var redundant = call.Parent is MemberAccessExpressionSyntax ma && ma.Parent is InvocationExpressionSyntax outer
                    && IsRedundantNamed(outer, ctx.SemanticModel, out _);
                if (!straight && !redundant) return;
            }
            ctx.ReportDiagnostic(Diagnostic.Create(HardwareDiagnostics.NamedRepeatsLocal, named.GetLocation(), local));
        }

        /// <summary><c>var local = Decl(...).Named("snake_of_local")</c>, not inside a loop.</summary>
        private static bool IsRedundantNamed(InvocationExpressionSyntax named, SemanticModel model, out string local)
        {
            local = null;
            if (!(named.Expression is MemberAccessExpressionSyntax m) || m.Name.Identifier.Text != "Named") return false;
            if (!(m.Expression is InvocationExpressionSyntax decl) || !KitSyntax.IsDeclaration(decl, model)) return false;
            if (named.ArgumentList.Arguments.Count != 1
                || !(named.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax lit) || !lit.IsKind(SyntaxKind.StringLiteralExpression)) return false;
            if (!(named.Parent is EqualsValueClauseSyntax eq) || !(eq.Parent is VariableDeclaratorSyntax v)) return false;
            if (KitSyntax.IsInsideLoop(named)) return false;
            local = v.Identifier.Text;
            return lit.Token.ValueText == NameRule.SnakeCase(local);
        }
    }
}
