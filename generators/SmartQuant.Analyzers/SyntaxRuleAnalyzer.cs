using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SmartQuant.Analyzers
{
    /// <summary>
    /// One rule reported on syntax nodes of the given kinds: the Roslyn registration every hardware rule shares (no
    /// analysis of generated code, concurrent execution), so a rule class holds only its check.
    /// </summary>
    public abstract class SyntaxRuleAnalyzer : DiagnosticAnalyzer
    {
        private readonly DiagnosticDescriptor _rule;
        private readonly ImmutableArray<SyntaxKind> _kinds;

        protected SyntaxRuleAnalyzer(DiagnosticDescriptor rule, params SyntaxKind[] kinds)
        {
            _rule = rule;
            _kinds = ImmutableArray.Create(kinds);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(_rule);

        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(Analyze, _kinds);
        }

        /// <summary>Checks one node of the registered kinds and reports the rule where it applies.</summary>
        protected abstract void Analyze(SyntaxNodeAnalysisContext ctx);
    }
}
