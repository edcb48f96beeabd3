/**
 * Protection level at a glance, at the top of the page: how early floods are refused on this
 * server, each layer's state in one line, what automatic escalation did last, and the one next
 * step with the button that takes it. Every word comes from GET /status (Admin\ProtectionLevel),
 * so the page, the widget and WP-CLI say the same; only actions this server can carry out are
 * offered (protection.actions).
 */
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { ReactNode } from 'react';

import type { Protection, ProtectionLayer } from '../api/types';
import { eventKindLabel } from '../common/autopilot';
import { Section } from '../common/Section';
import { formatSiteTime } from '../common/siteTime';
import { ActionNotice, useAction } from '../common/useAction';
import { RemoveEarlyGate } from './RemoveEarlyGate';

/** Where on the page a step that is not one click is taken. */
const STEP_ANCHORS: Partial< Record< string, string > > = {
	'choose-mode': '#xmlrpc-shield-mode',
	'add-nginx-snippet': '#xmlrpc-shield-rules-title',
	'export-firewall': '#xmlrpc-shield-rules-title',
};

function LayerRow( {
	layer,
	children,
}: {
	layer: ProtectionLayer;
	children?: ReactNode;
} ) {
	return (
		<li
			className={ `xmlrpc-shield-layer xmlrpc-shield-layer--${ layer.state }` }
			data-testid={ `layer-${ layer.id }` }
		>
			<span className="xmlrpc-shield-layer__name">{ layer.label }</span>{ ' ' }
			<span className="xmlrpc-shield-layer__state">
				{ layer.state_label }
			</span>
			<span className="xmlrpc-shield-layer__what">{ layer.what }</span>
			<span className="xmlrpc-shield-layer__detail">
				{ layer.detail }
			</span>
			{ layer.files.length > 0 && (
				<details className="xmlrpc-shield-layer__files">
					<summary>
						{ sprintf(
							/* translators: %d: number of files. */
							__( 'Files it wrote (%d)', 'xmlrpc-shield' ),
							layer.files.length
						) }
					</summary>
					<ul>
						{ layer.files.map( ( file ) => (
							<li key={ file }>
								<code>{ file }</code>
							</li>
						) ) }
					</ul>
				</details>
			) }
			{ children }
		</li>
	);
}

interface Props {
	protection: Protection;
	/** Called after a step changed something, so the page reloads its figures. */
	onChange: () => void;
}

export function ProtectionSummary( { protection, onChange }: Props ) {
	const action = useAction();
	const step = protection.next_step;
	const { actions } = protection;
	const last = protection.autopilot?.last_event ?? null;

	// A step done takes its button away (the next step is another): the notice takes the focus.
	const run = ( work: () => Promise< string > ) =>
		action.run(
			async () => {
				const text = await work();
				onChange();
				return text;
			},
			{ focusNotice: true }
		);

	const installGate = () =>
		run(
			async () =>
				( await api.installEarlyGate( step.method || 'auto' ) )
					.message ?? __( 'Early gate installed.', 'xmlrpc-shield' )
		);

	const writeRule = () =>
		run( async () => {
			await api.writeApacheRules();
			return __(
				'The .htaccess block was written and will follow your settings.',
				'xmlrpc-shield'
			);
		} );

	// The step this server can take in one click: its button.
	let stepButton: { onClick: () => void; text: string } | null = null;
	if (
		( step.id === 'install-early-gate' || step.id === 'fix-early-gate' ) &&
		actions.install_early_gate
	) {
		stepButton = {
			onClick: installGate,
			text:
				step.id === 'fix-early-gate'
					? __( 'Install the early gate again', 'xmlrpc-shield' )
					: __( 'Install the early gate', 'xmlrpc-shield' ),
		};
	} else if (
		( step.id === 'write-server-rule' ||
			step.id === 'rewrite-server-rule' ) &&
		actions.write_server_rule
	) {
		stepButton = {
			onClick: writeRule,
			text: __( 'Write to .htaccess', 'xmlrpc-shield' ),
		};
	}

	let stepAction = null;
	if ( stepButton ) {
		stepAction = (
			<Button
				variant="primary"
				onClick={ stepButton.onClick }
				isBusy={ action.busy }
				disabled={ action.busy }
				accessibleWhenDisabled
				__next40pxDefaultSize
			>
				{ stepButton.text }
			</Button>
		);
	} else if ( STEP_ANCHORS[ step.id ] ) {
		stepAction = (
			<a href={ STEP_ANCHORS[ step.id ] }>
				{ step.id === 'choose-mode'
					? __( 'Go to Protection mode', 'xmlrpc-shield' )
					: __( 'Go to Server rules and firewall', 'xmlrpc-shield' ) }
			</a>
		);
	}

	return (
		<Section
			id="xmlrpc-shield-protection-title"
			title={ __( 'Protection level', 'xmlrpc-shield' ) }
		>
			<p
				className={ `xmlrpc-shield-level xmlrpc-shield-level--${ protection.level }` }
				data-testid="protection-level"
			>
				<strong>{ protection.level_label }</strong>
			</p>
			<p className="xmlrpc-shield-level__summary">
				{ protection.summary }
			</p>
			<ul
				className="xmlrpc-shield-layers"
				aria-label={ __( 'Layers on this server', 'xmlrpc-shield' ) }
			>
				{ protection.layers.map( ( layer ) => (
					<LayerRow key={ layer.id } layer={ layer }>
						{ layer.id === 'early-gate' &&
							actions.remove_early_gate && (
								<div className="xmlrpc-shield-layer__actions">
									<RemoveEarlyGate
										onRemoved={ onChange }
										action={ action }
									/>
								</div>
							) }
						{ layer.id === 'early-gate' &&
							! actions.remove_early_gate &&
							actions.install_early_gate &&
							step.id !== 'install-early-gate' &&
							step.id !== 'fix-early-gate' && (
								<div className="xmlrpc-shield-layer__actions">
									<Button
										variant="secondary"
										onClick={ installGate }
										isBusy={ action.busy }
										disabled={ action.busy }
										accessibleWhenDisabled
									>
										{ __(
											'Install the early gate',
											'xmlrpc-shield'
										) }
									</Button>
								</div>
							) }
					</LayerRow>
				) ) }
			</ul>
			{ last && (
				<p data-testid="protection-autopilot">
					{ sprintf(
						/* translators: 1: what automatic escalation did, 2: when (site time), 3: why, with figures. */
						__(
							'Automatic escalation: %1$s on %2$s. %3$s',
							'xmlrpc-shield'
						),
						eventKindLabel( last.kind ),
						formatSiteTime( last.at, true ),
						last.reason
					) }
				</p>
			) }
			<div
				className="xmlrpc-shield-next-step"
				data-testid="next-step"
				role="group"
				aria-label={ __( 'Next step', 'xmlrpc-shield' ) }
			>
				<h3>{ __( 'Next step', 'xmlrpc-shield' ) }</h3>
				<p>{ step.text }</p>
				{ stepAction && <p>{ stepAction }</p> }
				<ActionNotice action={ action } />
			</div>
		</Section>
	);
}
