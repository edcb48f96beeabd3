/**
 * Keeps a fault in one section inside that section: the rest of the page stays, and this one
 * shows what went wrong with a way to draw it again. (React 18, as WordPress 6.7 to 7.1 ship it:
 * error boundaries are still class components.)
 */
import { Button, Card, CardBody, Notice } from '@wordpress/components';
import { Component, Fragment } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface Props {
	/** The section's name, for the error text. */
	title: string;
	children?: ReactNode;
}

interface State {
	error: Error | null;
	/** Bumped by "Try again" so the section mounts afresh, with none of the state that failed. */
	attempt: number;
}

export class SectionErrorBoundary extends Component< Props, State > {
	state: State = { error: null, attempt: 0 };

	static getDerivedStateFromError( error: unknown ): Partial< State > {
		return {
			error:
				error instanceof Error ? error : new Error( String( error ) ),
		};
	}

	retry = (): void => {
		this.setState( ( state ) => ( {
			error: null,
			attempt: state.attempt + 1,
		} ) );
	};

	render() {
		const { error, attempt } = this.state;
		if ( error ) {
			return (
				<Card className="xmlrpc-shield-section xmlrpc-shield-section--failed">
					<CardBody>
						<Notice status="error" isDismissible={ false }>
							<p>
								{ sprintf(
									/* translators: %s: the section's title. */
									__(
										'The section "%s" stopped working.',
										'xmlrpc-shield'
									),
									this.props.title
								) }
							</p>
							<p>
								<code>{ error.message }</code>
							</p>
							<Button variant="secondary" onClick={ this.retry }>
								{ __( 'Try again', 'xmlrpc-shield' ) }
							</Button>
						</Notice>
					</CardBody>
				</Card>
			);
		}
		return <Fragment key={ attempt }>{ this.props.children }</Fragment>;
	}
}
