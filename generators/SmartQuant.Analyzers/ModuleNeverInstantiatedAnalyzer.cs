using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SmartQuant.Analyzers
{
    /// <summary>
    /// SQ002: inside a Module subclass, `new SomeModule(...)` whose object never reaches Instance(...), either
    /// directly as its argument or through the local/field it is stored in.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModuleNeverInstantiatedAnalyzer : SyntaxRuleAnalyzer
    {
        public ModuleNeverInstantiatedAnalyzer() : base(HardwareDiagnostics.ModuleNeverInstantiated, SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression) { }

        protected override void Analyze(SyntaxNodeAnalysisContext ctx)
        {
            var creation = (ExpressionSyntax)ctx.Node;
            if (!(ctx.SemanticModel.GetTypeInfo(creation).Type is INamedTypeSymbol created) || !IsModule(created)) return;
            var containing = creation.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (containing == null || !(ctx.SemanticModel.GetDeclaredSymbol(containing) is INamedTypeSymbol owner) || !IsModule(owner)) return;

            var node = creation.Parent;
            while (node is ParenthesizedExpressionSyntax || node is CastExpressionSyntax) node = node.Parent;
            if (node is ArgumentSyntax direct && IsInstanceCall(direct.Parent?.Parent)) return;

            ISymbol holder = null;
            if (node is EqualsValueClauseSyntax eq && eq.Parent is VariableDeclaratorSyntax decl)
                holder = ctx.SemanticModel.GetDeclaredSymbol(decl);
            else if (node is AssignmentExpressionSyntax assign && assign.Right.Contains(creation))
                holder = ctx.SemanticModel.GetSymbolInfo(assign.Left).Symbol;
            if (holder != null && PassedToInstance(containing, holder, ctx.SemanticModel)) return;
            if (holder == null && !(node is ExpressionStatementSyntax)) return; // used in some other expression: too clever to judge

            ctx.ReportDiagnostic(Diagnostic.Create(HardwareDiagnostics.ModuleNeverInstantiated, creation.GetLocation(), created.Name));
        }

        private static bool PassedToInstance(SyntaxNode scope, ISymbol holder, SemanticModel model) =>
            scope.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(IsInstanceCall).Any(inv =>
                inv.ArgumentList.Arguments.Count > 0
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(inv.ArgumentList.Arguments[0].Expression).Symbol, holder));

        private static bool IsInstanceCall(SyntaxNode node) =>
            node is InvocationExpressionSyntax inv && (inv.Expression is IdentifierNameSyntax id && id.Identifier.Text == "Instance"
                || inv.Expression is MemberAccessExpressionSyntax m && m.Name.Identifier.Text == "Instance"
                || inv.Expression is GenericNameSyntax g && g.Identifier.Text == "Instance");

        private static bool IsModule(INamedTypeSymbol type)
        {
            for (var t = type.BaseType; t != null; t = t.BaseType)
                if (t.Name == "Module" && t.ContainingNamespace?.ToDisplayString() == "SmartQuant.Hdl") return true;
            return false;
        }
    }
}
