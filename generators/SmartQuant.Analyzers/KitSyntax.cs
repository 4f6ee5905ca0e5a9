using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SmartQuant.Analyzers
{
    /// <summary>What the analyzers recognise in hardware code: the kit's declaration calls and loops.</summary>
    internal static class KitSyntax
    {
        /// <summary>The Module methods that declare a signal or memory.</summary>
        private static readonly ImmutableHashSet<string> Declarators = ImmutableHashSet.Create("In", "Out", "Wire", "Reg", "Mem");

        /// <summary>In/Out/Wire/Reg/Mem called on a SmartQuant.Hdl.Module (not a method of the same name elsewhere).</summary>
        public static bool IsDeclaration(InvocationExpressionSyntax call, SemanticModel model)
        {
            var name = call.Expression switch
            {
                IdentifierNameSyntax id => id.Identifier.Text,
                MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
                _ => null,
            };
            if (name == null || !Declarators.Contains(name)) return false;
            if (!(model.GetSymbolInfo(call).Symbol is IMethodSymbol method)) return false;
            for (var t = method.ContainingType; t != null; t = t.BaseType)
                if (t.Name == "Module" && t.ContainingNamespace?.ToDisplayString() == "SmartQuant.Hdl") return true;
            return false;
        }

        /// <summary>A loop statement between the node and its member declaration.</summary>
        public static bool IsInsideLoop(SyntaxNode node) =>
            node.Ancestors().TakeWhile(a => !(a is MemberDeclarationSyntax)).Any(IsLoop);

        public static bool IsLoop(SyntaxNode node) =>
            node is ForStatementSyntax || node is ForEachStatementSyntax || node is WhileStatementSyntax || node is DoStatementSyntax;
    }
}
