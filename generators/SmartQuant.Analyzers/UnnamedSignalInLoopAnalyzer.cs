using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SmartQuant.Analyzers
{
    /// <summary>
    /// SQ001: In/Out/Wire/Reg/Mem called inside a loop whose result goes only into a local variable and is never
    /// given a name with .Named(...).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnnamedSignalInLoopAnalyzer : SyntaxRuleAnalyzer
    {
        public UnnamedSignalInLoopAnalyzer() : base(HardwareDiagnostics.UnnamedSignalInLoop, SyntaxKind.InvocationExpression) { }

        protected override void Analyze(SyntaxNodeAnalysisContext ctx)
        {
            var call = (InvocationExpressionSyntax)ctx.Node;
            if (!KitSyntax.IsInsideLoop(call) || !KitSyntax.IsDeclaration(call, ctx.SemanticModel)) return;

            // Named right away: Wire(4).Named("x")
            if (call.Parent is MemberAccessExpressionSyntax ma && ma.Name.Identifier.Text == "Named") return;

            ILocalSymbol local = null;
            if (call.Parent is EqualsValueClauseSyntax eq && eq.Parent is VariableDeclaratorSyntax decl)
                local = ctx.SemanticModel.GetDeclaredSymbol(decl) as ILocalSymbol;
            else if (call.Parent is AssignmentExpressionSyntax assign && assign.Right == call)
                local = ctx.SemanticModel.GetSymbolInfo(assign.Left).Symbol as ILocalSymbol;
            if (local == null) return; // stored in a field, array element or collection: named by position

            var body = call.Ancestors().FirstOrDefault(a => a is BlockSyntax && KitSyntax.IsLoop(a.Parent)) ?? call.Parent;
            var laterNamed = body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(inv =>
                inv.Expression is MemberAccessExpressionSyntax m && m.Name.Identifier.Text == "Named"
                && m.Expression is IdentifierNameSyntax id && id.Identifier.Text == local.Name);
            var storedElsewhere = body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a =>
                a.Right is IdentifierNameSyntax id && id.Identifier.Text == local.Name && !(a.Left is IdentifierNameSyntax))
                || body.DescendantNodes().OfType<ArgumentSyntax>().Any(a =>
                    a.Expression is IdentifierNameSyntax id && id.Identifier.Text == local.Name
                    && a.Parent?.Parent is InvocationExpressionSyntax inv && inv.Expression is MemberAccessExpressionSyntax m && m.Name.Identifier.Text == "Add");
            if (laterNamed || storedElsewhere) return;

            ctx.ReportDiagnostic(Diagnostic.Create(HardwareDiagnostics.UnnamedSignalInLoop, call.GetLocation(), local.Name));
        }
    }
}
