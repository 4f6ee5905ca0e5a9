using System.Collections.Immutable;
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
    public sealed class UnnamedSignalInLoopAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableHashSet<string> Declarators = ImmutableHashSet.Create("In", "Out", "Wire", "Reg", "Mem");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(HardwareDiagnostics.UnnamedSignalInLoop);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
        }

        private static void Analyze(SyntaxNodeAnalysisContext ctx)
        {
            var call = (InvocationExpressionSyntax)ctx.Node;
            var name = call.Expression switch
            {
                IdentifierNameSyntax id => id.Identifier.Text,
                MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
                _ => null,
            };
            if (name == null || !Declarators.Contains(name)) return;
            if (!IsInsideLoop(call)) return;
            if (!(ctx.SemanticModel.GetSymbolInfo(call).Symbol is IMethodSymbol method) || !DeclaredOnModule(method)) return;

            // Named right away: Wire(4).Named("x")
            if (call.Parent is MemberAccessExpressionSyntax ma && ma.Name.Identifier.Text == "Named") return;

            ILocalSymbol local = null;
            if (call.Parent is EqualsValueClauseSyntax eq && eq.Parent is VariableDeclaratorSyntax decl)
                local = ctx.SemanticModel.GetDeclaredSymbol(decl) as ILocalSymbol;
            else if (call.Parent is AssignmentExpressionSyntax assign && assign.Right == call)
                local = ctx.SemanticModel.GetSymbolInfo(assign.Left).Symbol as ILocalSymbol;
            if (local == null) return; // stored in a field, array element or collection: named by position

            var body = call.Ancestors().FirstOrDefault(a => a is BlockSyntax && IsLoop(a.Parent)) ?? call.Parent;
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

        private static bool IsInsideLoop(SyntaxNode node) =>
            node.Ancestors().TakeWhile(a => !(a is MemberDeclarationSyntax)).Any(IsLoop);

        private static bool IsLoop(SyntaxNode node) =>
            node is ForStatementSyntax || node is ForEachStatementSyntax || node is WhileStatementSyntax || node is DoStatementSyntax;

        private static bool DeclaredOnModule(IMethodSymbol method)
        {
            for (var t = method.ContainingType; t != null; t = t.BaseType)
                if (t.Name == "Module" && t.ContainingNamespace?.ToDisplayString() == "SmartQuant.Hdl") return true;
            return false;
        }
    }
}
