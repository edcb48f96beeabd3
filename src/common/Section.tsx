/**
 * A titled card with the loading and error states every section shares: never a blank box.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import type { ApiError } from '../api/client';

interface Props {
	title: string;
	id: string;
	loading?: boolean;
	error?: ApiError | null;
	onRetry?: () => void;
	actions?: ReactNode;
	children?: ReactNode;
}

export function Section( {
	title,
	id,
	loading = false,
	error = null,
	onRetry,
	actions,
	children,
}: Props ) {
	return (
		<Card className="xmlrpc-shield-section">
			<CardHeader>
				<h2 id={ id } className="xmlrpc-shield-section__title">
					{ title }
				</h2>
				{ actions }
			</CardHeader>
			<CardBody>
				<section aria-labelledby={ id } aria-busy={ loading }>
					{ error && (
						<Notice status="error" isDismissible={ false }>
							<p>{ error.message }</p>
							{ onRetry && (
								<Button variant="secondary" onClick={ onRetry }>
									{ __( 'Try again', 'xmlrpc-shield' ) }
								</Button>
							) }
						</Notice>
					) }
					{ loading && (
						<p className="xmlrpc-shield-loading">
							<Spinner />
							{ __( 'Loading…', 'xmlrpc-shield' ) }
						</p>
					) }
					{ children }
				</section>
			</CardBody>
		</Card>
	);
}
